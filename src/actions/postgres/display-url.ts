/**
 * `url` with its password replaced by `***` (in `user:password@` and in a `password=`
 * parameter), for messages and describe lines. Plain text work: libpq URLs such as
 * `postgresql://user@/db?host=/socket` are not WHATWG URLs.
 */
export function maskPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/, '$1:***@').replace(/([?&]password=)[^&#]*/g, '$1***');
}
