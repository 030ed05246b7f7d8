import { AutoComplete } from 'antd';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/** The sentences of the policy's source texts: a node's source must be quoted exactly from one of them. */
export const SentencesContext = createContext<string[]>([]);

/** Cuts source texts into sentences and clauses (at 。；; and ，) to offer as a node's source. */
export function sentencesOf(texts: string[]): string[] {
  const pieces = texts.flatMap((text) => [...text.split(/(?<=[。；;])/), ...text.split(/[。；;，,]/)]);
  return [...new Set(pieces.map((piece) => piece.trim()).filter((piece) => piece.length >= 4))];
}

/** The sentence a node is written from: chosen from the sources' sentences, or typed (it must still be quoted). */
export function SourceSentence({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (source?: string) => void;
}) {
  const { t } = useTranslation();
  const sentences = useContext(SentencesContext);
  return (
    <AutoComplete
      aria-label={t('editor.source')}
      placeholder={t('editor.sourcePlaceholder')}
      value={value ?? ''}
      onChange={(text: string) => onChange(text.trim() === '' ? undefined : text)}
      options={sentences.map((s) => ({ value: s }))}
      showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
      allowClear
      style={{ width: '100%', maxWidth: 520 }}
      popupMatchSelectWidth={false}
    />
  );
}
