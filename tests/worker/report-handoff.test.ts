/**
 * The hand-off of a report that reached no body (issue 10 item 3): the next-steps page and
 * /track say so, show the «未送达» stage and a ready Chinese text for the official channel with
 * the report's content in the channels' order, the channel's own steps with their source, and no
 * message box.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadBodies, TEST_CHANNELS } from "./delivery-fixtures.ts";
import { formFields, makeArea, postForm, postJson, receiptCodeIn, validReport } from "./report-fixtures.ts";

const ORDER = ["问题发生地", "加压单位及级别", "问题类别", "具体情况", "开始时间", "每月耗时", "证据说明"];
const handoffText = (html: string) => html.match(/<pre class="handoff-text"[^>]*>([\s\S]*?)<\/pre>/)?.[1] ?? "";

beforeAll(async () => {
  await loadBodies(undefined, [
    {
      ...TEST_CHANNELS[1]!,
      howTo: "登录国务院“互联网+督查”平台提交。",
      publicMailbox: { address: "ducha@example.gov.cn", source: { publisher: "国务院办公厅", title: "测试来源", date: "unknown" } },
    },
    TEST_CHANNELS[0]!,
  ]);
});

async function fileUnreached() {
  const area = await makeArea("无机构镇");
  const report = validReport(area, { sinceMonth: "2025-03", hoursPerMonth: "16" });
  const res = await postForm("/report", formFields(report));
  expect(res.status).toBe(201);
  const code = receiptCodeIn(await res.text());
  return { area, report, code };
}

describe("a report that reached no body", () => {
  it("next-steps page: says it reached no body and hands over the text in order, with the channel's steps, address and source", async () => {
    const { report, code } = await fileUnreached();
    const html = await (await postForm("/report/confirm", { code, lastGroup: code.slice(-4) })).text();
    expect(html).toContain("本地区尚无受理机构加入本平台，这件反映没有送达任何机构。");
    const text = handoffText(html);
    const positions = ORDER.map((f) => text.indexOf(`${f}：`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("无机构镇");
    expect(text).toContain(String(report.imposerName));
    expect(text).toContain("县级");
    expect(text).toContain("2025年3月");
    expect(text).toContain("约 16 小时");
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
    expect(html).toContain('download="qingdan-fanying.txt"');
    expect(html).toContain("登录国务院“互联网+督查”平台提交。");
    expect(html).toContain("可发送至：ducha@example.gov.cn（来源：国务院办公厅 《测试来源》）");
  });

  it("/track: shows the «未送达» stage and the hand-off, and no message box nor waiting stages", async () => {
    const { code } = await fileUnreached();
    const html = await (await postForm("/track", { code })).text();
    expect(html).toContain("未送达：本地区尚无受理机构加入本平台");
    expect(html).toContain('data-stage="undelivered"');
    expect(html).not.toContain('data-stage="delivered"');
    expect(html).not.toContain('class="message-form"');
    expect(handoffText(html)).toContain("问题发生地：");
  });

  it("refuses a message, a reopen and a rating with a clear reason, JSON and form alike (nobody would read them)", async () => {
    const { code } = await fileUnreached();
    for (const [path, body] of [
      ["/api/track/messages", { code, text: "补充一点情况" }],
      ["/api/track/reopen", { code, reason: "没有处理" }],
      ["/api/track/rating", { code, rating: 3 }],
    ] as const) {
      const res = await postJson(path, body);
      expect(res.status).toBe(409);
      expect(JSON.stringify(await res.json())).toContain("本地区尚无受理机构加入本平台");
    }
    const html = await (await postForm("/track", { code, action: "message", text: "补充一点情况" })).text();
    expect(html).toContain("无法留言、申请重新办理或评价");
    expect(html).not.toContain('class="message-form"');
  });
});
