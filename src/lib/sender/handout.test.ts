import { beforeAll, describe, expect, it } from 'vitest';
import type { PatientSummary, StudyIndex } from '$lib/core/dicom/study-index';
import { loadCatalogue, type PatientMessages } from '$lib/i18n';
import { handoutSteps, patientLine, printDetails, studyLine } from './handout';

let en: PatientMessages;
beforeAll(async () => {
  en = await loadCatalogue('patient', 'en', 'en');
});

const patient = (name: string, studies: { date: string; description: string; modalities: string[] }[]): PatientSummary => ({
  key: name,
  name,
  id: '',
  birthDate: '1970-01-02',
  sex: '',
  studies: studies.map((s, i) => ({ ...s, studyUid: `1.2.${i}`, accession: '', series: [] }))
});
const indexOf = (patients: PatientSummary[]) => ({ patients }) as unknown as StudyIndex;

describe('the printed sheet', () => {
  it('keeps one patient and the first study as the files have them, to be put into words when printed', () => {
    const details = printDetails(indexOf([patient('DOE^JANE', [{ date: '2001-01-31', description: '', modalities: ['CT', 'PT'] }])]));
    expect(details).toEqual({ patient: 'DOE^JANE', patients: 1, birthDate: '1970-01-02', studyDate: '2001-01-31', studyText: 'CT, PT' });
    expect(patientLine(details, en)).toBe('DOE^JANE');
    expect(studyLine(details, en, 'en-GB')).toBe('31 Jan 2001 — CT, PT');
    expect(studyLine(details, en, 'es')).toBe('31 ene 2001 — CT, PT');
  });

  it('counts several patients in the sheet\'s language and names none of them', async () => {
    const details = printDetails(indexOf([patient('A', []), patient('B', [])]));
    expect(details).toMatchObject({ patient: '', patients: 2, birthDate: '', studyDate: '', studyText: '' });
    expect(patientLine(details, en)).toBe('2 patients');
    expect(patientLine(details, await loadCatalogue('patient', 'pl', 'pl'))).toBe('2 pacjentów');
    expect(studyLine(details, en)).toBe('');
  });

  it('prints a record made before the sheet had languages as it was written', () => {
    expect(studyLine({ patient: 'DOE^JANE', birthDate: '', study: '1 Jan 2001 — CT chest' }, en)).toBe('1 Jan 2001 — CT chest');
    expect(patientLine({ patient: 'DOE^JANE', birthDate: '', study: '' }, en)).toBe('DOE^JANE');
  });

  it('gives the same four steps to the page and the command line, in the language asked for', async () => {
    expect(handoutSteps(en, {})[0]).toBe("Open your phone's camera and point it at the code.");
    const steps = handoutSteps(await loadCatalogue('patient', 'es', 'es'), {});
    expect(steps).toHaveLength(4);
    expect(new Set(steps).size).toBe(4);
    expect(steps).not.toContain(handoutSteps(en, {})[0]);
  });

  it('prints a de-identified share with its pseudonym, no dates, and de-identified files in the sheet\'s language', async () => {
    const index = indexOf([patient('DOE^JANE', [{ date: '2001-01-31', description: 'CT chest', modalities: ['CT', 'PT'] }])]);
    const details = printDetails(index, 'Teaching case 12');
    expect(details).toEqual({ patient: 'TEACHING CASE 12', patients: 1, birthDate: '', studyDate: '', studyText: 'CT, PT', deidentified: true });
    expect(patientLine(details, en)).toBe('TEACHING CASE 12');
    expect(studyLine(details, en, 'en-GB')).toBe('De-identified copy — CT, PT');
    const de = await loadCatalogue('patient', 'de', 'de');
    expect(studyLine(details, de, 'de')).toBe('Anonymisierte Kopie — CT, PT');
    expect(handoutSteps(en, details)[2]).toBe('A doctor can download the de-identified files from the same link on a computer.');
    expect(handoutSteps(de, details)[2]).toBe(de.handout_step_doctor_deidentified());
    expect(handoutSteps(en, {})[2]).toBe('A doctor can download the original files from the same link on a computer.');
  });
});
