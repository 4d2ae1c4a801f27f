// A static single-page app: no server rendering, every route is served by the app shell.
export const ssr = false;
export const prerender = false;
