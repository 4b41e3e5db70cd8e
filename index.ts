/**
 * cbridge's public entry point (`import { FFI } from 'cbridge'`).
 */
export { FFI } from './ffi.js';
export type { FFIOptions } from './ffi.js';
export { CDefError } from './cdef/errors.js';
export type { CdefOptions } from './cdef/parse.js';
export type { HeaderOptions } from './cdef/header.js';
export { CTypeInfo } from './abi/ctype-info.js';
export type { FieldInfo } from './abi/ctype-info.js';
export { LayoutError } from './abi/layout-error.js';
export type { TargetName } from './abi/target.js';
export { cName } from './cdef/c-printer.js';
export type * from './cdef/types.js';
export type * from './cdef/decls.js';
