import { language, patientLanguage } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// Every page is static and all work happens in the browser.
export const prerender = true;
export const ssr = false;

/** The pages patients and receiving clinics open; the others are staff pages. */
const PATIENT_PAGES = new Set(['/v', '/scan']);

// The page's messages are there before it renders: one small module for its language.
export const load: LayoutLoad = async ({ url }) => {
  if (PATIENT_PAGES.has(url.pathname)) await language.use(patientLanguage());
  else await language.useForStaff();
};
