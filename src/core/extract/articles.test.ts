import { describe, expect, it } from 'vitest';
import { extractArticles } from './articles.ts';

// Policy texts in the styles Zhida meets besides the bundled bulletin: a provincial notice enumerated
// 一、二、 with nested （一）, a regulation in 第N条, a single news report with inline 一是…二是…, a
// bulletin without blank lines. Written here from the shapes of real documents, not copied from one.

const NOTICE = `浙江省人民政府办公厅关于进一步支持专精特新中小企业高质量发展的若干意见
浙政办发〔2025〕18号

各市、县（市、区）人民政府，省政府直属各单位：
为深入贯彻落实党中央、国务院关于促进中小企业发展的决策部署，经省政府同意，现提出如下意见。
一、加大财政支持力度
（一）对首次认定的国家级专精特新“小巨人”企业，给予一次性奖励50万元。
（二）对企业购置研发设备的，按设备投资额的10%给予补助，单个企业每年最高不超过300万元。
二、强化融资服务
（三）鼓励银行机构对专精特新企业发放信用贷款，贷款利率不超过LPR+50BP。
三、完善保障措施
各地要在2026年底前出台配套政策，确保到2027年全省专精特新企业达到1万家以上。

浙江省人民政府办公厅
2025年3月10日
（此件公开发布）`;

const REGULATION = `深圳市科技型中小企业研发补助管理办法
第一章 总则
第一条 为规范研发补助资金管理，制定本办法。
第二条 本办法所称研发补助，是指市财政对企业研发投入给予的补助。
第二章 补助标准
第三条 对上年度研发投入在500万元（含）至1000万元（不含）的企业，给予20万元补助。`;

const REPORT = `广州出台措施支持低空经济发展
近日，广州市人民政府办公厅印发《广州市推动低空经济高质量发展若干措施》，明确到2027年低空经济规模达到1500亿元。一是支持企业落户，对新落户的整机企业给予最高2000万元奖励；二是支持基础设施建设，按照建设投资额的30%给予补贴；三是开放应用场景，每年发布一批场景清单。`;

const BULLETIN = `要闻
四川出台政策支持民营经济发展
四川省人民政府日前印发《关于促进民营经济高质量发展的若干措施》。
一是优化营商环境。推行“一照多址”改革。
二是加大金融支持。对首贷给予贷款额1%的贴息。
成都多措并举稳就业
成都市人力资源社会保障局、市财政局近日联合印发《成都市稳就业若干措施》。
一是发放一次性扩岗补助，每人1500元。`;

const NOTICE_WITH_ATTACHMENT = `关于印发《苏州市促进数字经济发展若干政策》的通知
苏府规字〔2025〕3号
各市、区人民政府，苏州工业园区、苏州高新区管委会；市各委办局，各直属单位：
现将《苏州市促进数字经济发展若干政策》印发给你们，请认真贯彻执行。
苏州市人民政府
2025年2月10日
附件
苏州市促进数字经济发展若干政策
为加快建设数字经济强市，制定以下政策。
一、支持数字产业化
1.对年营业收入首次突破1亿元的软件企业，给予50万元奖励。
二、支持产业数字化
2.对企业实施智能化改造的，按照设备投资的10%给予补助。`;

const BULLETIN_WITH_MASTHEAD = `政策信息简报
2026年第3期（总第45期）
上海市经济信息中心编
2026年3月1日
目录
国务院办公厅印发关于促进民营经济发展的若干措施
企业如何申报专项资金？

【政策速递】

国务院办公厅印发关于促进民营经济发展的若干措施
——着力破除市场准入壁垒
国务院办公厅日前印发《关于促进民营经济发展的若干措施》。
一是破除准入壁垒。清理市场准入不合理限制。
二是加大融资支持。（来源：中国政府网）
【问答解读】
企业如何申报专项资金？
（2026年2月28日）
市经济信息化委相关负责人表示，申报截止时间为2026年4月30日前。`;

describe('extractArticles', () => {
  it('reads a bulletin with a masthead, a table of contents, decorated columns and a subtitle', () => {
    const articles = extractArticles(BULLETIN_WITH_MASTHEAD);
    expect(articles.map((a) => [a.section, a.title])).toEqual([
      ['政策速递', '国务院办公厅印发关于促进民营经济发展的若干措施'],
      ['问答解读', '企业如何申报专项资金？'],
    ]);
    expect(articles[0]!.issuers).toEqual(['国务院办公厅']);
    expect(articles[0]!.regions).toEqual([]);
    expect(articles[0]!.measures.map((m) => m.text)).toEqual([
      '破除准入壁垒。清理市场准入不合理限制。',
      '加大融资支持。（来源：中国政府网）',
    ]);
    expect(articles[1]!.years).toEqual([2026]);
  });

  it('reads a notice that carries its policy as an attachment as one document', () => {
    const [notice, ...rest] = extractArticles(NOTICE_WITH_ATTACHMENT);
    expect(rest).toEqual([]);
    expect(notice!.title).toBe('关于印发《苏州市促进数字经济发展若干政策》的通知');
    expect(notice!.issuers).toEqual(['苏州市人民政府']);
    expect(notice!.regions).toEqual(['320500']);
    expect(notice!.documents).toEqual(['苏州市促进数字经济发展若干政策']);
    expect(notice!.years).toEqual([]);
    expect(notice!.measures).toEqual([
      { ordinal: 1, text: '支持数字产业化' },
      { ordinal: 2, text: '支持产业数字化' },
    ]);
    expect(notice!.amounts.map((a) => a.min)).toEqual([100_000_000, 500_000]);
  });

  it('reads a provincial notice: one article, its top-level 一、 items, issuer from the title', () => {
    const [article, ...rest] = extractArticles(NOTICE);
    expect(rest).toEqual([]);
    expect(article!.title).toBe('浙江省人民政府办公厅关于进一步支持专精特新中小企业高质量发展的若干意见');
    expect(article!.section).toBeNull();
    expect(article!.issuers).toEqual(['浙江省人民政府办公厅']);
    expect(article!.regions).toEqual(['330000']);
    expect(article!.measures).toEqual([
      { ordinal: 1, text: '加大财政支持力度' },
      { ordinal: 2, text: '强化融资服务' },
      { ordinal: 3, text: '完善保障措施' },
    ]);
    expect(article!.amounts.map((a) => a.text)).toEqual(['50万元', '最高不超过300万元']);
    expect(article!.amounts[1]!.per).toBe('年');
    expect(article!.rates.map((r) => r.text)).toEqual(['10%']);
    expect(article!.years).toEqual([2026, 2027]);
  });

  it('reads a regulation in 第N条: no measures, the tier as one amount', () => {
    const [article] = extractArticles(REGULATION);
    expect(article!.title).toBe('深圳市科技型中小企业研发补助管理办法');
    expect(article!.measures).toEqual([]);
    expect(article!.regions).toEqual(['440300']);
    expect(article!.amounts).toEqual([
      { text: '500万元（含）至1000万元（不含）', min: 5_000_000, max: 10_000_000, per: null },
      { text: '20万元', min: 200_000, max: 200_000, per: null },
    ]);
  });

  it('splits measures that stand inline in one paragraph, keeping their punctuation', () => {
    const [article] = extractArticles(REPORT);
    expect(article!.issuers).toEqual(['广州市人民政府办公厅']);
    expect(article!.regions).toEqual(['440100']);
    expect(article!.documents).toEqual(['广州市推动低空经济高质量发展若干措施']);
    expect(article!.measures.map((m) => m.ordinal)).toEqual([1, 2, 3]);
    expect(article!.measures[0]!.text).toBe('支持企业落户，对新落户的整机企业给予最高2000万元奖励；');
    expect(article!.measures[2]!.text).toBe('开放应用场景，每年发布一批场景清单。');
    expect(article!.years).toEqual([2027]);
  });

  it('finds columns and headlines with no blank lines between them', () => {
    const articles = extractArticles(BULLETIN);
    expect(articles.map((a) => [a.section, a.title])).toEqual([
      ['要闻', '四川出台政策支持民营经济发展'],
      ['要闻', '成都多措并举稳就业'],
    ]);
    expect(articles[1]!.issuers).toEqual(['成都市人力资源社会保障局', '市财政局']);
    expect(articles[1]!.regions).toEqual(['510100']);
    expect(articles[0]!.measures).toHaveLength(2);
    expect(articles[1]!.amounts).toEqual([{ text: '1500元', min: 1500, max: 1500, per: '人' }]);
  });

  it('takes the issuer from a document title that starts with its body, and a bracketed place', () => {
    const [guide] = extractArticles(
      '2026年深圳市工业和信息化局技术改造倍增专项申报指南\n一、支持对象\n在深圳市注册的工业企业。\n二、支持标准\n按照项目总投资的20%给予资助。',
    );
    expect(guide!.issuers).toEqual(['深圳市工业和信息化局']);
    expect(guide!.regions).toEqual(['440300']);
    const [report] = extractArticles(
      '【北京】出台措施支持专精特新企业\n近日，北京市经济和信息化局发布新政。一是给予奖励；二是给予贴息。',
    );
    expect(report!.issuers).toEqual(['北京市经济和信息化局']);
    expect(report!.regions).toEqual(['110000']);
    expect(report!.measures.map((m) => m.text)).toEqual(['给予奖励；', '给予贴息。']);
  });

  it('gives one untitled article for text with no headline', () => {
    const articles = extractArticles('对符合条件的企业给予一次性奖励10万元。', { title: '某区奖励办法' });
    expect(articles).toHaveLength(1);
    expect(articles[0]!.title).toBe('某区奖励办法');
  });

  it('gives no article for blank text', () => {
    expect(extractArticles('\n \n')).toEqual([]);
  });
});
