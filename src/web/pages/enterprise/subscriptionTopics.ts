// The topics the subscription page offers. A topic is a keyword (src/core/push/subscription.ts): a change passes when
// the keyword occurs in its policy's title, id, stacking group or source texts, folded (NFKC, simplified, lower
// case). There is no closed list on the server, so these are the themes the bundled policy pack and the bulletins
// it comes from are about, each with a keyword that finds them; an enterprise may type any other keyword too.

export interface SubscriptionTopic {
  /** the key of its label (subscription.topic.*) */
  id: string;
  /** what is stored and matched: Chinese, as the policies are written */
  keyword: string;
}

export const SUBSCRIPTION_TOPICS: readonly SubscriptionTopic[] = [
  { id: 'basicResearch', keyword: '基础研究' },
  { id: 'firstSet', keyword: '首台' },
  { id: 'techUpgrade', keyword: '技术改造' },
  { id: 'energySaving', keyword: '节能' },
  { id: 'greenFactory', keyword: '绿色工厂' },
  { id: 'loanInterest', keyword: '贴息' },
  { id: 'ai', keyword: '人工智能' },
  { id: 'intelligentVehicles', keyword: '智能网联汽车' },
  { id: 'bci', keyword: '脑机接口' },
  { id: 'digital', keyword: '数智' },
  { id: 'talent', keyword: '人才' },
  { id: 'ventureCapital', keyword: '创业投资' },
  { id: 'incubator', keyword: '孵化器' },
  { id: 'rent', keyword: '租金' },
  { id: 'carbon', keyword: '碳' },
  { id: 'services', keyword: '服务业' },
  { id: 'finance', keyword: '金融' },
  { id: 'highTech', keyword: '高新技术企业' },
  { id: 'specialised', keyword: '专精特新' },
];
