// Type-checked by `npm test` (tsc): the package's own name resolves to its declarations.
import { FFI, type CTypeInfo, type FieldInfo } from 'cbridge';

const ffi: FFI = new FFI({ target: 'aarch64' });
ffi.cdef('struct s { int a : 3; char b; };');
const info: CTypeInfo = ffi.typeof('struct s');
const fields: FieldInfo[] | null = info.fields;
const size: number = ffi.sizeof('struct s');
export const summary = { size, fields, cname: info.cname as string };
