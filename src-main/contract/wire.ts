/**
 * The web host's WebSocket framing and a JSON codec that keeps what JSON
 * cannot: typed arrays (base64) and non-finite numbers. Pure; runs in Node
 * and in the browser.
 */
export type WireMessage =
  | { kind: 'request'; id: number; name: string; payload: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string }
  | { kind: 'event'; name: string; payload: unknown };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(message: WireMessage): string {
  return JSON.stringify(message, function replacer(this: unknown, _key, value: unknown) {
    if (value instanceof Float32Array) return { $f32: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    if (value instanceof Uint8Array) return { $u8: toBase64(value) };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
    return value;
  });
}

export function decodeWire(text: string): WireMessage {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1) {
        if (typeof record.$f32 === 'string') return new Float32Array(fromBase64(record.$f32).buffer);
        if (typeof record.$u8 === 'string') return fromBase64(record.$u8);
        if (typeof record.$num === 'string') return Number(record.$num);
      }
    }
    return value;
  }) as WireMessage;
}
