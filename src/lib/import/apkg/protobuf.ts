/** Just enough protobuf reading for Anki's newer package files (no schema, no codegen). */

export type ProtoValue = number | Uint8Array;
export type ProtoMessage = Map<number, ProtoValue[]>;

export function decodeMessage(bytes: Uint8Array): ProtoMessage {
  const out: ProtoMessage = new Map();
  let p = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (p >= bytes.length) throw new Error('protobuf: truncated varint');
      const b = bytes[p++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  };
  while (p < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const type = key % 8;
    let value: ProtoValue;
    if (type === 0) value = varint();
    else if (type === 2) {
      const length = varint();
      if (p + length > bytes.length) throw new Error('protobuf: truncated field');
      value = bytes.subarray(p, p + length);
      p += length;
    } else if (type === 1) {
      p += 8;
      continue;
    } else if (type === 5) {
      p += 4;
      continue;
    } else throw new Error(`protobuf: unsupported wire type ${type}`);
    const list = out.get(field);
    if (list) list.push(value);
    else out.set(field, [value]);
  }
  return out;
}

export function protoString(message: ProtoMessage, field: number): string {
  const v = message.get(field)?.[0];
  return v instanceof Uint8Array ? new TextDecoder().decode(v) : '';
}

export function protoNumber(message: ProtoMessage, field: number): number {
  const v = message.get(field)?.[0];
  return typeof v === 'number' ? v : 0;
}

export function protoMessages(message: ProtoMessage, field: number): ProtoMessage[] {
  return (message.get(field) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map(decodeMessage);
}
