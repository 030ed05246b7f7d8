import { Tag } from 'antd';
import type { GrantPayment, GrantResponse, GrantState } from './types.ts';
import { useGrantText } from './useGrantText.ts';

const STATE_COLORS: Record<GrantState, string> = {
  compared: 'blue',
  pushed: 'cyan',
  confirming: 'geekblue',
  paying: 'orange',
  published: 'green',
  archived: 'default',
};

const RESPONSE_COLORS: Record<GrantResponse, string> = {
  pending: 'processing',
  accepted: 'success',
  declined: 'default',
  no_response: 'warning',
};

const PAYMENT_COLORS: Record<GrantPayment, string> = {
  none: 'default',
  pending: 'processing',
  paid: 'success',
  failed: 'error',
};

export function GrantStateTag({ state }: { state: GrantState }) {
  const { state: label } = useGrantText();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="grant-state" data-state={state}>
      {label(state)}
    </Tag>
  );
}

export function ResponseTag({ response }: { response: GrantResponse }) {
  const { response: label } = useGrantText();
  return (
    <Tag color={RESPONSE_COLORS[response]} data-testid="response-tag" data-response={response}>
      {label(response)}
    </Tag>
  );
}

/** The payment's state; nothing while no payment is expected. */
export function PaymentTag({ payment }: { payment: GrantPayment }) {
  const { payment: label } = useGrantText();
  if (payment === 'none') return null;
  return (
    <Tag color={PAYMENT_COLORS[payment]} data-testid="payment-tag" data-payment={payment}>
      {label(payment)}
    </Tag>
  );
}
