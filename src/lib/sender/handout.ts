// What the printed handout says, in one place for the staff page (HandoutSheet.svelte, in the
// language staff pick) and the command line's PDF (src/cli/handout.ts, in English), so that both
// hand patients the same paper. The patient's details are kept as the files have them and put into
// words only when printed, in the sheet's language.

import type { StudyIndex } from '../core/dicom/study-index';
import { formatDate } from '../format';
import type { PrintDetails } from '../history/history';
import type { PatientMessages } from '../i18n/catalogue';

type HandoutWords = Pick<PatientMessages, 'handout_step_camera' | 'handout_step_tap' | 'handout_step_doctor' | 'handout_step_private'>;

/** The numbered steps under "How to see your images". */
export function handoutSteps(t: HandoutWords): string[] {
  return [t.handout_step_camera(), t.handout_step_tap(), t.handout_step_doctor(), t.handout_step_private()];
}

/** The patient, birth date and first study as the files have them; several patients are counted, not named. */
export function printDetails(index: StudyIndex): PrintDetails {
  const several = index.patients.length > 1;
  const patient = index.patients[0];
  const study = patient?.studies[0];
  return {
    patient: several ? '' : (patient?.name ?? ''),
    patients: index.patients.length,
    birthDate: several ? '' : (patient?.birthDate ?? ''),
    studyDate: study?.date ?? '',
    studyText: study ? study.description || study.modalities.join(', ') : ''
  };
}

/** Whether the sheet names one patient (as the files write the name) rather than counting several. */
export function namesPatient(details: PrintDetails): boolean {
  return (details.patients ?? 1) <= 1;
}

/** The name line: the patient's name, or how many patients there are in the sheet's words. */
export function patientLine(details: PrintDetails, t: Pick<PatientMessages, 'handout_patients'>): string {
  return namesPatient(details) ? details.patient : t.handout_patients({ count: details.patients ?? 0 });
}

/** "31 Jan 2001 — CT chest", the date in `tag`'s way; a record from before the sheet had languages keeps its English line. */
export function studyLine(details: PrintDetails, tag?: string): string {
  if (details.studyDate === undefined) return details.study ?? '';
  if (!details.studyDate && !details.studyText) return '';
  return [formatDate(details.studyDate, tag), details.studyText].filter(Boolean).join(' — ');
}
