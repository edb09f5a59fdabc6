// Everything a component needs to speak the page's language (docs/ARCHITECTURE.md, "Messages and languages").
export { language, m, patientLanguage, s, tagFor } from './language.svelte';
export { loadCatalogue, type PatientMessages, type StaffMessages } from './catalogue';
export { direction, LANGUAGES, type Language } from './languages';
