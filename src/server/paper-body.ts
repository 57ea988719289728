import { z } from 'zod';
import type { Paper } from '../corpus/paper.js';
import { mapRecord } from '../corpus/record-mapper.js';
import type { ApiLimits } from './api-limits.js';

/** A present value of a nullable optional field: absent, null and '' all mean "none". */
const optionalText = (max: number) => z.string().max(max).nullable().optional();
const names = (maxEach: number, maxCount: number) =>
  z.union([z.string().max(maxEach * maxCount), z.array(z.string().max(maxEach)).max(maxCount)]);

/**
 * The body of `POST /papers`: one paper record in the corpus format, bounded in size, then
 * normalised exactly as ingest normalises records (whitespace, dates, DOI links, derived id),
 * so a paper written through the API and the same paper ingested from a file are equal.
 */
export const paperBody = ({ maxIdChars }: Pick<ApiLimits, 'maxIdChars'>) =>
  z
    .strictObject({
      id: z.union([z.string().max(maxIdChars), z.number().int().nonnegative()]).optional(),
      title: z.string().max(2_000),
      abstract: z.string().max(50_000),
      authors: names(300, 500).optional(),
      categories: names(100, 50).optional(),
      published: optionalText(64),
      date: optionalText(64),
      year: z
        .union([z.string().max(8), z.number().int()])
        .nullable()
        .optional(),
      url: optionalText(2_048),
      doi: optionalText(256),
      arxiv_id: optionalText(64),
      venue: optionalText(1_000),
      keywords: names(200, 100).optional(),
    })
    .transform((record, ctx): Paper => {
      const mapped = mapRecord(record);
      if (mapped.ok) return mapped.paper;
      ctx.addIssue({ code: 'custom', message: mapped.reason });
      return z.NEVER;
    });
