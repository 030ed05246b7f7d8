// The enterprise profile, contract version 1 (../shared/design/profile-and-match-contract.md): the input of
// `zhida match --profile FILE` and one row of an import. Field names are a promise to other programs.

export interface EnterpriseProfile {
  /** 18-character unified social credit code (GB 32100-2015), check character verified */
  uscc: string;
  name: string;
  /** GB/T 2260 code, any level */
  region: string;
  /** GB/T 4754-2017 code: section letter + up to 4 digits, e.g. "C3911" */
  industry?: string;
  /** ISO date */
  founded?: string;
  employees?: number;
  /** year: when first awarded */
  qualifications?: { name: string; year?: number }[];
  /** yearly figures, money in yuan: metrics["2026"].revenue */
  metrics?: { [year: string]: { [key: string]: number } };
}

/** Where a fact came from. 免申即享 may rely only on authoritative facts. */
export interface Provenance {
  /** a department feed ("市场监管局"), an import batch ("import:2026-11-27T…"), or "self-reported" */
  source: string;
  /** the date the fact was true as of (ISO date) */
  asOf: string;
  authoritative: boolean;
}
