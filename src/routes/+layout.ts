// Every page is static and all work happens in the browser.
export const prerender = true;
export const ssr = false;
