import { decryptBytes, decryptDocument, encryptBytes, encryptDocument, encryptedId, type EncryptedBody, type SyncKeys } from '../crypto';
import { plainDocId, type Body } from './documents';

/** A document as PouchDB stores it here and on the server: the body in the clear, or encrypted. */
export interface WireDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  _attachments?: Record<string, { content_type: string; data: Blob | string; stub?: boolean }>;
  body?: Body;
  enc?: EncryptedBody;
}

/** The part of PouchDB's API the engine uses on its local copy. */
export interface LocalDatabase {
  get(id: string, options?: Record<string, unknown>): Promise<WireDoc & { _rev: string }>;
  put(doc: Record<string, unknown>): Promise<{ rev: string }>;
  bulkDocs(docs: WireDoc[]): Promise<{ ok?: boolean; id?: string; error?: string; status?: number }[]>;
  allDocs(
    options: Record<string, unknown>
  ): Promise<{ rows: { id?: string; key: string; error?: string; value?: { rev: string; deleted?: boolean }; doc?: WireDoc | null }[] }>;
  changes(
    options: Record<string, unknown>
  ): PromiseLike<{ results: { id: string; seq: number | string; deleted?: boolean; doc?: WireDoc }[]; last_seq: number | string }>;
  info(): Promise<{ update_seq: number | string; doc_count: number }>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** Encodes documents for the server: plain ids and bodies, or HMAC ids and encrypted bodies and attachments. */
export class Wire {
  constructor(private readonly keys: SyncKeys | null) {}

  id(t: Body['t'], key: string): Promise<string> {
    const plain = plainDocId(t, key);
    return this.keys ? encryptedId(this.keys, plain) : Promise.resolve(plain);
  }

  async encode(id: string, body: Body): Promise<Pick<WireDoc, 'body' | 'enc'>> {
    return this.keys ? { enc: await encryptDocument(this.keys, id, body) } : { body };
  }

  /** The body of an engine document, or null for another kind (the key check). */
  async decode(doc: WireDoc): Promise<Body | null> {
    if (doc.body) return doc.body;
    if (doc.enc && this.keys) return decryptDocument<Body>(this.keys, doc._id, doc.enc);
    if (doc.enc) throw new Error('This database is end-to-end encrypted: enter its passphrase in Settings → Sync.');
    return null;
  }

  async encodeFile(id: string, blob: Blob): Promise<{ content_type: string; data: Blob }> {
    if (!this.keys) return { content_type: blob.type || 'application/octet-stream', data: blob };
    const sealed = await encryptBytes(this.keys, id, new Uint8Array(await blob.arrayBuffer()));
    return { content_type: 'application/octet-stream', data: new Blob([sealed as BlobPart]) };
  }

  async decodeFile(id: string, data: Blob, mime: string): Promise<Blob> {
    if (!this.keys) return data.type === mime ? data : new Blob([data], { type: mime });
    return new Blob([(await decryptBytes(this.keys, id, new Uint8Array(await data.arrayBuffer()))) as BlobPart], { type: mime });
  }
}
