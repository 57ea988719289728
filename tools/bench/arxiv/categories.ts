/**
 * Real arXiv category codes with rough shares of primary submissions (machine learning and
 * vision lead, then quantum and particle physics, condensed matter, astrophysics, mathematics),
 * the year each archive opened, and which archives papers are cross-listed between.
 */
const SHARES = `
cs.LG 6 cs.CV 5.5 cs.CL 3.8 quant-ph 3.5 hep-ph 3 hep-th 2.8 cond-mat.mtrl-sci 2
cond-mat.mes-hall 1.8 astro-ph.GA 1.6 astro-ph.CO 1.6 cond-mat.str-el 1.6 gr-qc 1.5
astro-ph.SR 1.4 cond-mat.stat-mech 1.4 astro-ph.HE 1.3 cs.AI 1.3 math.AP 1.3 math.CO 1.3
cs.RO 1.2 math.PR 1.1 cs.CR 1 cs.IT 1 math.OC 1 stat.ML 1 cond-mat.soft 0.9 eess.SP 0.9
math.AG 0.9 math.NA 0.9 physics.optics 0.9 cond-mat.supr-con 0.8 eess.SY 0.8 math-ph 0.8
math.DG 0.8 math.NT 0.8 stat.ME 0.8 astro-ph.EP 0.7 cs.DS 0.7 hep-ex 0.7 math.DS 0.7
math.ST 0.7 nucl-th 0.7 astro-ph.IM 0.6 cond-mat.quant-gas 0.6 cs.DC 0.6 cs.HC 0.6 cs.NI 0.6
cs.SE 0.6 eess.IV 0.6 math.FA 0.6 physics.app-ph 0.6 physics.flu-dyn 0.6 cs.IR 0.5
eess.AS 0.5 math.GT 0.5 physics.chem-ph 0.5 stat.AP 0.5 cond-mat.dis-nn 0.4 cs.CY 0.4
cs.LO 0.4 cs.SI 0.4 hep-lat 0.4 math.CA 0.4 math.GR 0.4 math.RT 0.4 physics.ins-det 0.4
physics.plasm-ph 0.4 physics.soc-ph 0.4 cond-mat.other 0.3 cs.DB 0.3 cs.GT 0.3 cs.NA 0.3
cs.NE 0.3 cs.PL 0.3 cs.SD 0.3 math.AT 0.3 math.CV 0.3 math.LO 0.3 math.OA 0.3 math.QA 0.3
math.RA 0.3 nucl-ex 0.3 physics.atom-ph 0.3 physics.bio-ph 0.3 physics.comp-ph 0.3
physics.gen-ph 0.3 q-bio.NC 0.25 cs.CC 0.2 cs.CG 0.2 cs.DM 0.2 cs.GR 0.2 cs.MA 0.2 math.AC 0.2
math.MG 0.2 math.SG 0.2 math.SP 0.2 nlin.CD 0.2 physics.data-an 0.2 physics.med-ph 0.2
q-bio.PE 0.2 q-bio.QM 0.2 stat.CO 0.2 econ.EM 0.15 math.CT 0.15 physics.acc-ph 0.15
physics.ao-ph 0.15 physics.class-ph 0.15 physics.geo-ph 0.15 physics.space-ph 0.15
q-bio.BM 0.15 cs.ET 0.1 cs.AR 0.1 cs.FL 0.1 cs.MM 0.1 econ.GN 0.1 math.GM 0.1 math.GN 0.1
math.HO 0.1 math.KT 0.1 nlin.AO 0.1 nlin.PS 0.1 nlin.SI 0.1 q-bio.GN 0.1 q-bio.MN 0.1
cs.DL 0.08 econ.TH 0.08 physics.ed-ph 0.08 physics.hist-ph 0.08 cs.MS 0.05 cs.PF 0.05
cs.SC 0.05 physics.atm-clus 0.05 q-bio.CB 0.05 q-bio.TO 0.05 q-fin.MF 0.05 q-fin.ST 0.05
q-fin.GN 0.04 q-fin.PR 0.04 cs.OH 0.03 cs.OS 0.03 nlin.CG 0.03 physics.pop-ph 0.03
q-bio.SC 0.03 q-fin.CP 0.03 q-fin.PM 0.03 q-fin.RM 0.03 q-fin.TR 0.03 stat.OT 0.03
q-bio.OT 0.02 q-fin.EC 0.02 cs.GL 0.01
`;

export interface Category {
  code: string;
  /** The archive: the part before the dot (`cs`, `astro-ph`), or the whole code (`hep-th`). */
  archive: string;
  share: number;
}

export const CATEGORIES: readonly Category[] = (() => {
  const fields = SHARES.trim().split(/\s+/);
  const out: Category[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    out.push({ code: fields[i], archive: fields[i].split('.')[0], share: Number(fields[i + 1]) });
  }
  return out;
})();

export const ARCHIVES: readonly string[] = [...new Set(CATEGORIES.map((c) => c.archive))];

/** Archives that opened after arXiv did; papers before then are given another category. */
const OPENED: Record<string, number> = {
  cs: 1998,
  'q-bio': 2003,
  stat: 2007,
  'q-fin': 2008,
  eess: 2017,
  econ: 2017,
};

export function archiveOpen(archive: string, year: number): boolean {
  return year >= (OPENED[archive] ?? 1991);
}

/** Archives a paper's cross-lists come from, besides its own. */
const NEIGHBOURS: ReadonlyArray<readonly string[]> = [
  ['cs', 'stat', 'eess', 'math'],
  ['hep-ph', 'hep-th', 'hep-ex', 'hep-lat', 'gr-qc', 'astro-ph', 'nucl-th', 'nucl-ex'],
  ['cond-mat', 'quant-ph', 'physics', 'math-ph', 'nlin'],
  ['math', 'math-ph', 'cs'],
  ['q-bio', 'physics', 'stat', 'cs'],
  ['q-fin', 'econ', 'stat', 'math'],
];

export function neighbourArchives(archive: string): Set<string> {
  const out = new Set([archive]);
  for (const group of NEIGHBOURS) if (group.includes(archive)) group.forEach((a) => out.add(a));
  return out;
}
