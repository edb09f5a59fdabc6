// What the printed handout says, in one place for the staff page (ShareResult.svelte) and the
// command line's PDF (src/cli/handout.ts), so that both hand patients the same paper.

import type { StudyIndex } from '../core/dicom/study-index';
import { formatPersonName } from '../core/dicom/values';
import { formatDate } from '../format';
import type { PrintDetails } from '../history/history';

export const HANDOUT_TITLE = 'How to see your images';

export function handoutSteps(details: PrintDetails): string[] {
  return [
    'Open your phone\'s camera and point it at the code.',
    'Tap the link that appears. Your images open in the browser; no app is needed.',
    `A doctor can download the ${details.deidentified ? 'de-identified' : 'original'} files from the same link on a computer.`,
    'Keep this paper private: anyone with the code can see the images until the date above.'
  ];
}

/**
 * The patient, birth date and first study as the label prints them; several patients are counted,
 * not named. A de-identified share prints its pseudonym and no date: the real ones must not show.
 */
export function printDetails(index: StudyIndex, pseudonym?: string): PrintDetails {
  if (pseudonym !== undefined) {
    const modalities = [...new Set(index.patients.flatMap((p) => p.studies.flatMap((s) => s.modalities)))].join(', ');
    return { patient: formatPersonName(pseudonym), birthDate: '', study: `De-identified copy — ${modalities}`, deidentified: true };
  }
  const several = index.patients.length > 1;
  const patient = index.patients[0];
  const study = patient?.studies[0];
  return {
    patient: several ? `${index.patients.length} patients` : (patient?.name ?? ''),
    birthDate: several ? '' : (patient?.birthDate ?? ''),
    study: study ? `${formatDate(study.date)} — ${study.description || study.modalities.join(', ')}` : ''
  };
}
