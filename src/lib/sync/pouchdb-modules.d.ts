// Just enough typing for loading PouchDB's modules (pouch.ts types the database it returns).
// Not @types/pouchdb-core: it declares a global `Buffer` that breaks Node's in the test code.
declare module 'pouchdb-core' {
  interface PouchStatic {
    new (name: string, options?: Record<string, unknown>): unknown;
    plugin(plugin: unknown): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
