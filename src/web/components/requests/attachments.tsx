import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography, Upload } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { describeError } from '../ErrorAlert.tsx';
import type { RequestAttachmentView } from './types.ts';
import { useRequestText } from './useRequestText.ts';

// Attachments: checked in the browser first (size and type, the server's limits), so a wrong file is named in words
// before it travels; the server reads the bytes and refuses what they contradict all the same.

/** The server's limit (src/services/requests/attachments.ts MAX_ATTACHMENT_BYTES). */
export const MAX_ATTACHMENT_MIB = 10;
const MAX_BYTES = MAX_ATTACHMENT_MIB * 1024 * 1024;
/** The types the server accepts, by their usual extensions. */
export const ATTACHMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'txt'];
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Why a file cannot be attached, in words; null when it may be sent. */
export function attachmentProblem(file: { name: string; size: number }, t: TFunction): string | null {
  const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (!ATTACHMENT_EXTENSIONS.includes(extension)) {
    return t('requests.attachments.badType', { name: file.name, types: 'PDF、PNG、JPEG、DOCX、XLSX、TXT' });
  }
  if (file.size === 0) return t('requests.attachments.empty', { name: file.name });
  if (file.size > MAX_BYTES) {
    return t('requests.attachments.tooLarge', {
      name: file.name,
      size: (file.size / 1024 / 1024).toFixed(1),
      limit: MAX_ATTACHMENT_MIB,
    });
  }
  return null;
}

/** Sends one file to a request; the stored attachment, or the refusal in words. */
export async function uploadAttachment(
  requestId: number,
  file: File,
  t: TFunction,
): Promise<{ ok: true; attachment: RequestAttachmentView } | { ok: false; message: string }> {
  const problem = attachmentProblem(file, t);
  if (problem !== null) return { ok: false, message: problem };
  try {
    const attachment = await api.upload<RequestAttachmentView>(`/api/requests/${requestId}/attachments`, file, {
      name: file.name,
    });
    return { ok: true, attachment };
  } catch (error) {
    const { title } = describeError(error, t);
    return { ok: false, message: `${file.name}：${title}` };
  }
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentList({ attachments }: { attachments: RequestAttachmentView[] }) {
  const { t, time } = useRequestText();
  if (attachments.length === 0)
    return <Typography.Text type="secondary">{t('requests.attachments.none')}</Typography.Text>;
  return (
    <Flex vertical gap={6}>
      {attachments.map((a) => (
        <span key={a.id} data-testid="attachment">
          <PaperClipOutlined />{' '}
          <a href={`/api/requests/attachments/${a.id}`} download={a.name}>
            {a.name}
          </a>{' '}
          <Typography.Text type="secondary">
            {size(a.size)} · {time(a.createdAt)}
          </Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

/** The files refused, each with why, under the control that chose them. */
export function RefusedFiles({ problems }: { problems: string[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="attachment-problems"
      style={{ marginTop: 8 }}
      title={t('requests.attachments.refused')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      }
    />
  );
}

interface PickerProps {
  files: File[];
  onChange: (files: File[]) => void;
  problems: string[];
  onProblems: (problems: string[]) => void;
}

/** Files chosen to go with a new request (sent once it is filed): each checked as it is chosen. */
export function AttachmentPicker({ files, onChange, problems, onProblems }: PickerProps) {
  const { t } = useTranslation();
  return (
    <div>
      <Upload
        multiple
        accept={ATTACHMENT_ACCEPT}
        showUploadList={false}
        beforeUpload={(file, batch) => {
          // called once per file of a batch: take the whole batch on its first file
          if (file !== batch[0]) return false;
          const found: string[] = [];
          const fine: File[] = [];
          for (const f of batch) {
            const problem = attachmentProblem(f, t);
            if (problem === null) fine.push(f);
            else found.push(problem);
          }
          onProblems(found);
          onChange([...files, ...fine]);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{t('requests.attachments.choose')}</Button>
      </Upload>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('requests.attachments.hint', { limit: MAX_ATTACHMENT_MIB })}
      </Typography.Paragraph>
      <RefusedFiles problems={problems} />
      {files.length > 0 && (
        <Flex vertical gap={4} style={{ marginTop: 8 }}>
          {files.map((f, i) => (
            <Flex key={`${i}-${f.name}`} align="center" gap={6} wrap data-testid="chosen-file">
              <PaperClipOutlined />
              <span style={{ overflowWrap: 'anywhere' }}>{f.name}</span>
              <Typography.Text type="secondary">{size(f.size)}</Typography.Text>
              <Button type="link" size="small" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {t('requests.attachments.remove')}
              </Button>
            </Flex>
          ))}
        </Flex>
      )}
    </div>
  );
}
