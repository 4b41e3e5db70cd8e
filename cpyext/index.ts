/**
 * cbridge/cpyext: load extension modules built for CPython 3.11 into Node, with no Python.
 *
 *   const xx = loadExtension('/usr/lib/python3/dist-packages/xxhash/_xxhash.cpython-311-x86_64-linux-gnu.so',
 *                            { name: 'xxhash._xxhash' });
 *   xx.xxh64_hexdigest(Buffer.from('abc'), kwargs({ seed: 7 }));
 */

export { loadExtension, registerModule, kwargs, missingSymbols, type LoadOptions, type ExtensionModule } from './loader.js';
export { py, type BinaryOperator, type UnaryOperator } from './py.js';
export { PythonError, MissingSymbolsError } from './errors.js';
export { PyObjectHandle, type PyHandle } from './handles.js';
export type { LeakOptions, LiveObject, ShimMode } from './debug.js';
