/** IPv4 address and CIDR arithmetic, shared by the sandbox's EC2 and the workloads planner. */

/** An IPv4 address as a number. */
export function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export const ipText = (n: number) =>
  [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** The first and last address of a CIDR block, as numbers. */
export function cidrRange(cidr: string): [number, number] {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipNumber(base) / size) * size;
  return [start, start + size - 1];
}

/** Whether `ip` lies in `cidr`. */
export function inCidr(ip: string, cidr: string): boolean {
  const [start, end] = cidrRange(cidr);
  const n = ipNumber(ip);
  return n >= start && n <= end;
}

/** Whether two CIDR blocks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = cidrRange(a);
  const [b0, b1] = cidrRange(b);
  return a0 <= b1 && b0 <= a1;
}
