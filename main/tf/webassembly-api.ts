/**
 * The parts of the WebAssembly JavaScript API Ganvas uses, which this project's TypeScript
 * libraries (ES2023 and Node's types, no DOM) do not declare; the runtime has them all.
 */
export type CompiledWasm = object;
export type WasmImports = Record<string, Record<string, unknown>>;

/** A WebAssembly.Memory: its buffer is shared between threads in the threaded build. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
  instantiate(module: CompiledWasm, imports: WasmImports): Promise<object>;
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => CompiledWasm;
  Instance: new (module: CompiledWasm, imports: WasmImports) => { exports: Record<string, unknown> };
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Whether `value` is a WebAssembly.Memory. */
export function isWasmMemory(value: unknown): value is WasmMemory {
  return value instanceof webAssembly.Memory;
}
