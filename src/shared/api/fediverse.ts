import { z } from 'zod';

/** The newsroom on the Fediverse, as the desk sees it: whether it federates, its handle, how many follow. */
export const fediverseStatus = z.object({
  enabled: z.boolean(),
  handle: z.string(),
  followers: z.number().int(),
});
export type FediverseStatus = z.infer<typeof fediverseStatus>;
