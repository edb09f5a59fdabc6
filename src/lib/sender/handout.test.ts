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
    expect(studyLine(details, 'en-GB')).toBe('31 Jan 2001 — CT, PT');
    expect(studyLine(details, 'es')).toBe('31 ene 2001 — CT, PT');
  });

  it('counts several patients in the sheet\'s language and names none of them', async () => {
    const details = printDetails(indexOf([patient('A', []), patient('B', [])]));
    expect(details).toMatchObject({ patient: '', patients: 2, birthDate: '', studyDate: '', studyText: '' });
    expect(patientLine(details, en)).toBe('2 patients');
    expect(patientLine(details, await loadCatalogue('patient', 'pl', 'pl'))).toBe('2 pacjentów');
    expect(studyLine(details)).toBe('');
  });

  it('prints a record made before the sheet had languages as it was written', () => {
    expect(studyLine({ patient: 'DOE^JANE', birthDate: '', study: '1 Jan 2001 — CT chest' })).toBe('1 Jan 2001 — CT chest');
    expect(patientLine({ patient: 'DOE^JANE', birthDate: '', study: '' }, en)).toBe('DOE^JANE');
  });

  it('gives the same four steps to the page and the command line, in the language asked for', async () => {
    expect(handoutSteps(en)[0]).toBe("Open your phone's camera and point it at the code.");
    const steps = handoutSteps(await loadCatalogue('patient', 'es', 'es'));
    expect(steps).toHaveLength(4);
    expect(new Set(steps).size).toBe(4);
    expect(steps).not.toContain(handoutSteps(en)[0]);
  });
});
