// As the app's layout: a static single-page app, no server rendering.
export const ssr = false;
export const prerender = false;
