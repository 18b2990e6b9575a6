import { z } from "zod";

/** Schema building blocks shared by the config sections, with messages that say what is expected. */

export const positiveInt = (what = "a positive integer") =>
    z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).positive({ error: `expected ${what}` });

export const nonNegativeInt = (what = "an integer >= 0") =>
    z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).min(0, { error: `expected ${what}` });

export const nonEmptyString = (what = "a non-empty string") => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });

/** A tag map; AWS's limits on keys, values and count are checked by config/tags.ts with the key named. */
export const tagMap = z.record(z.string(), z.string({ error: "expected a string tag value" }));
