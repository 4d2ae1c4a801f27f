import { MEDIA_LIST_LIMIT } from '../limits';
import { ImportError } from '../types';
import { decodeMessage, protoMessages, protoNumber, protoString } from './protobuf';
import { isZstd, unzstdBounded } from './zstd';

/** The package's media list: zip entry name -> original file name. */
export function readMediaList(bytes: Uint8Array | undefined, fileName: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!bytes || bytes.length === 0) return map;
  if (bytes[0] === 0x7b /* { */) {
    try {
      for (const [entry, name] of Object.entries(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>)) map.set(entry, name);
    } catch {
      throw new ImportError(`"${fileName}" has a damaged media list (its "media" file is not valid JSON).`);
    }
    return map;
  }
  // Newer packages: zstd-compressed protobuf MediaEntries { repeated MediaEntry entries = 1 },
  // MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; optional uint32 legacy_zip_filename = 255 }.
  const raw = isZstd(bytes) ? unzstdBounded(bytes, 'media', fileName, { bytes: MEDIA_LIST_LIMIT, what: "a package's media list" }) : bytes;
  try {
    protoMessages(decodeMessage(raw), 1).forEach((entry, i) => {
      const legacy = entry.has(255) ? protoNumber(entry, 255) : i;
      map.set(String(legacy), protoString(entry, 1));
    });
  } catch {
    throw new ImportError(`"${fileName}" has a damaged media list.`);
  }
  return map;
}
