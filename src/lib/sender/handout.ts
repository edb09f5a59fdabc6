// What the printed handout says, in one place for the staff page (HandoutSheet.svelte, in the
// language staff pick) and the command line's PDF (src/cli/handout.ts, in English), so that both
// hand patients the same paper. The patient's details are kept as the files have them and put into
// words only when printed, in the sheet's language.

import type { StudyIndex } from '../core/dicom/study-index';
import { formatPersonName } from '../core/dicom/values';
import { formatDate } from '../format';
import type { PrintDetails } from '../history/history';
import type { PatientMessages } from '../i18n/catalogue';

type HandoutWords = Pick<
  PatientMessages,
  'handout_step_camera' | 'handout_step_tap' | 'handout_step_doctor' | 'handout_step_doctor_deidentified' | 'handout_step_private'
>;

/** The numbered steps under "How to see your images"; a de-identified share's doctor gets de-identified files. */
export function handoutSteps(t: HandoutWords, details: Pick<PrintDetails, 'deidentified'>): string[] {
  const doctor = details.deidentified ? t.handout_step_doctor_deidentified() : t.handout_step_doctor();
  return [t.handout_step_camera(), t.handout_step_tap(), doctor, t.handout_step_private()];
}

/**
 * The patient, birth date and first study as the files have them; several patients are counted, not
 * named. A de-identified share prints its pseudonym, its modalities and no date: the real ones must not show.
 */
export function printDetails(index: StudyIndex, pseudonym?: string): PrintDetails {
  if (pseudonym !== undefined) {
    const modalities = [...new Set(index.patients.flatMap((p) => p.studies.flatMap((s) => s.modalities)))].join(', ');
    return { patient: formatPersonName(pseudonym), patients: 1, birthDate: '', studyDate: '', studyText: modalities, deidentified: true };
  }
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

/**
 * "31 Jan 2001 — CT chest", the date in `tag`'s way, or "De-identified copy — CT" in the sheet's words;
 * a record from before the sheet had languages keeps its English line.
 */
export function studyLine(details: PrintDetails, t: Pick<PatientMessages, 'handout_deidentified_study'>, tag?: string): string {
  if (details.studyDate === undefined) return details.study ?? '';
  if (details.deidentified) return t.handout_deidentified_study({ modalities: details.studyText ?? '' });
  if (!details.studyDate && !details.studyText) return '';
  return [formatDate(details.studyDate, tag), details.studyText].filter(Boolean).join(' — ');
}
