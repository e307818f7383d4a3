/** The part of gifenc (github.com/mattdesl/gifenc, MIT) we use; the package ships no types. */
declare module 'gifenc' {
  export type Palette = Array<[number, number, number]>;
  export interface FrameOptions {
    palette?: Palette;
    /** Milliseconds (stored in hundredths of a second). */
    delay?: number;
    /** -1 once, 0 forever, n > 0 times. */
    repeat?: number;
    transparent?: boolean;
    dispose?: number;
  }
  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
  }
  export const GIFEncoder: ((options?: { auto?: boolean; initialCapacity?: number }) => Encoder) | undefined;
  /** Node's CommonJS interop: the exports object; a bundler's ESM build: the encoder itself. */
  const gifenc: unknown;
  export default gifenc;
}
