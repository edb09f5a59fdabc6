import type { DeidPlan } from '../core/deid/plan';
import type { FileHeads } from '../core/deid/source';
import type { StudyIndex } from '../core/dicom/study-index';
import { createShare, type CreateShareInput } from './create-share';
import { workerCount } from '../indexing/pool';
import { serve, WorkerClient } from '../workers/rpc';
import { planDeidentified, type DeidRequest, type PlanPart } from './shared-content';

/** A de-identified share's plan, made while staff finish the review, for the choices it names. */
let ahead: { choices: string; plan: Promise<DeidPlan | null> } | null = null;

/** The plan made with indexing workers beside this one (as many as the review indexed with), ended after. */
async function planInWorkers(index: StudyIndex, files: Record<string, File>, heads: FileHeads, deid: DeidRequest): Promise<DeidPlan> {
  const helpers = Array.from(
    { length: workerCount(index.files.length) - 1 },
    () => new WorkerClient(new Worker(new URL('../indexing/index.worker.ts', import.meta.url), { type: 'module' }), 'De-identification')
  );
  try {
    return await planDeidentified(index, files, heads, deid, helpers.map((h) => (part: PlanPart) => h.call('deid-plan-part', part)));
  } finally {
    helpers.forEach((h) => h.terminate());
  }
}

serve({
  'deid-plan': ({ choices, index, files, heads, deid }: { choices: string; index: StudyIndex; files: Record<string, File>; heads: FileHeads; deid: DeidRequest }) => {
    // A plan that fails is made again when the upload starts, which then says what is wrong.
    ahead = { choices, plan: planInWorkers(index, files, heads, deid).catch(() => null) };
  },
  create: async (input: CreateShareInput, emit) => {
    const plan = input.deid?.planned !== undefined && ahead?.choices === input.deid.planned ? await ahead.plan : null;
    ahead = null;
    return createShare(plan ? { ...input, deid: { ...input.deid!, plan } } : input, emit);
  }
});
