import type { Random } from './random.js';

const NOMBRES = [
  'María', 'José', 'Lucía', 'Carlos', 'Sofía', 'Javier', 'Valentina', 'Miguel', 'Camila', 'Alejandro',
  'Daniela', 'Andrés', 'Paula', 'Fernando', 'Gabriela', 'Diego', 'Isabel', 'Ricardo', 'Elena', 'Santiago',
  'Ana', 'Luis', 'Carmen', 'Jorge', 'Mariana', 'Raúl', 'Ximena', 'Pablo', 'Renata', 'Tomás',
] as const;

const APELLIDOS = [
  'García', 'Rodríguez', 'Martínez', 'López', 'González', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
  'Flores', 'Rivera', 'Gómez', 'Díaz', 'Cruz', 'Morales', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos',
  'Vargas', 'Castillo', 'Jiménez', 'Moreno', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Vega', 'Navarro',
] as const;

const DOMINIOS = ['correo.mx', 'ejemplo.es', 'empresa.com.ar', 'mail.cl', 'soporte.co', 'gmail.com'] as const;

const ASUNTOS = [
  'No puedo iniciar sesión',
  'Error al generar la factura',
  'La aplicación se cierra al abrir el panel',
  'Cobro duplicado en mi tarjeta',
  'No recibo el correo de confirmación',
  'Solicitud de cambio de plan',
  'La exportación a CSV sale vacía',
  'Lentitud al cargar los reportes',
  'No puedo restablecer mi contraseña',
  'El pedido aparece como pendiente',
  'Necesito agregar un usuario a mi cuenta',
  'Error 500 al guardar cambios',
  'Las notificaciones llegan tarde',
  'Duda sobre la facturación mensual',
  'La integración con el calendario falló',
] as const;

const DETALLES = [
  'Desde esta mañana',
  'Después de la última actualización',
  'Solo en el navegador del celular',
  'Cuando intento adjuntar un archivo',
  'Ya probé borrando la caché',
  'Les pasa también a mis compañeros',
  'Es urgente porque cerramos mes',
  'El problema aparece de forma intermitente',
] as const;

const RESPUESTAS = [
  'Gracias por escribirnos, ya estamos revisando el caso.',
  '¿Podría enviarnos una captura de pantalla del error?',
  'Reproducimos el problema y lo escalamos al equipo técnico.',
  'Aplicamos una corrección, ¿puede confirmar si ya funciona?',
  'El cliente confirma que el problema quedó resuelto.',
  'Llamada de seguimiento: el cliente sigue con el inconveniente.',
  'Se reinició la sesión del usuario y se limpió el token.',
  'Nota interna: revisar los registros del servidor del día anterior.',
  'Se emitió la nota de crédito por el cobro duplicado.',
  'Cerramos el ticket por falta de respuesta del cliente.',
] as const;

/** Lower-case ASCII for an e-mail address: `María José` → `maria.jose`. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
}

export function personName(r: Random): string {
  return `${r.pick(NOMBRES)} ${r.pick(APELLIDOS)} ${r.pick(APELLIDOS)}`;
}

/** A unique address: the user's id keeps two people with the same name apart. */
export function emailFor(name: string, id: number, r: Random): string {
  const [first, last] = name.split(' ');
  return `${slug(first!)}.${slug(last!)}${id}@${r.pick(DOMINIOS)}`;
}

export function ticketSubject(r: Random): string {
  return r.pick(ASUNTOS);
}

export function ticketDescription(subject: string, r: Random): string {
  return `${subject}. ${r.pick(DETALLES)}. ${r.pick(DETALLES).toLowerCase()}.`;
}

export function interactionText(r: Random): string {
  return r.pick(RESPUESTAS);
}
