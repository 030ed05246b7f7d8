// The extraction contract, schema version 1 (../shared/design/extraction-contract.md).
// Field names and shapes are a promise to other programs: change them only with the contract.

export type SourceFormat = 'text' | 'html' | 'pdf' | 'docx';

export interface SourceInfo {
  name: string;
  sha256: string;
  encoding: string;
  format: SourceFormat;
}

export interface Extraction {
  schemaVersion: 1;
  source: SourceInfo;
  articles: Article[];
}

export interface Article {
  section: string | null;
  title: string;
  regions: string[];
  issuers: string[];
  documents: string[];
  measures: Measure[];
  amounts: Amount[];
  rates: Rate[];
  years: number[];
}

export interface Measure {
  ordinal: number;
  text: string;
}

export interface Amount {
  text: string;
  min: number;
  max: number;
  per: string | null;
}

export interface Rate {
  text: string;
  min: number;
  max: number;
}
