import type { DeidPlan } from '../core/deid/plan';
import type { StudyIndex } from '../core/dicom/study-index';
import { serve } from '../workers/rpc';
import { createShare, type CreateShareInput } from './create-share';
import { planDeidentified, type DeidRequest } from './shared-content';

/** A de-identified share's plan, made while staff finish the review, for the choices it names. */
let ahead: { choices: string; plan: Promise<DeidPlan | null> } | null = null;

serve({
  'deid-plan': ({ choices, index, files, deid }: { choices: string; index: StudyIndex; files: Record<string, File>; deid: DeidRequest }) => {
    // A plan that fails is made again when the upload starts, which then says what is wrong.
    ahead = { choices, plan: planDeidentified(index, files, deid).catch(() => null) };
  },
  create: async (input: CreateShareInput, emit) => {
    const plan = input.deid?.planned !== undefined && ahead?.choices === input.deid.planned ? await ahead.plan : null;
    ahead = null;
    return createShare(plan ? { ...input, deid: { ...input.deid!, plan } } : input, emit);
  }
});
