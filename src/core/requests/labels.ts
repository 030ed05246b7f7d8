import type { RequestActionType, RequestState } from './types.ts';

// What the web app shows for each state and action: short labels in Chinese (the platform's language) and English.
// Data only, so the browser bundle takes them without the state machine.

export interface Label {
  zh: string;
  en: string;
}

export const STATE_LABELS: Readonly<Record<RequestState, Label>> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  assigned: { zh: '已交办', en: 'Assigned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  escalated: { zh: '已督办', en: 'Escalated' },
  resolved: { zh: '已办结', en: 'Resolved' },
  confirmed: { zh: '已评价', en: 'Confirmed' },
  reopened: { zh: '已重启', en: 'Reopened' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  duplicate: { zh: '重复诉求', en: 'Duplicate' },
};

export const ACTION_LABELS: Readonly<Record<RequestActionType, Label>> = {
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  mark_duplicate: { zh: '标记重复', en: 'Mark as duplicate' },
  assign: { zh: '交办', en: 'Assign' },
  reassign: { zh: '改派', en: 'Reassign' },
  start: { zh: '开始办理', en: 'Start' },
  resolve: { zh: '办结', en: 'Resolve' },
  confirm: { zh: '确认评价', en: 'Confirm and rate' },
  reopen: { zh: '申请重办', en: 'Reopen' },
  escalate: { zh: '督办', en: 'Escalate' },
  comment: { zh: '留言', en: 'Comment' },
};
