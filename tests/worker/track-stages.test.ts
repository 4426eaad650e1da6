import { describe, expect, it } from "vitest";
import { reachedOn, trackStages, type StageInput } from "../../worker/domain/track.ts";

const base: StageInput = {
  status: "routed",
  receivedOn: "2025-09-26",
  firstDeliveredOn: "2025-09-26",
  closedOn: null,
  assignments: [{ bodyName: "桂东县纪委监委", deliveredOn: "2025-09-26", ackDueOn: "2025-10-10", concludeDueOn: "2025-12-19" }],
  reachedOn: {},
};

describe("trackStages", () => {
  it.each([
    // [today, status, acknowledged state, concluded state]
    ["2025-09-29", "routed", "pending", "pending"],
    ["2025-10-13", "routed", "overdue", "pending"],
    ["2025-10-13", "accepted", "done", "pending"],
    ["2025-12-22", "investigating", "done", "overdue"],
    ["2025-12-22", "substantiated", "done", "done"],
    ["2026-01-05", "closed", "done", "done"],
  ] as const)("on %s with status %s: acknowledgement %s, conclusion %s", (today, status, ack, concluded) => {
    const stages = trackStages({ ...base, status }, today);
    expect(stages.map((s) => s.id)).toEqual(["received", "delivered", "acknowledged", "concluded"]);
    expect(stages[2]!.state).toBe(ack);
    expect(stages[3]!.state).toBe(concluded);
  });

  it("counts the working days left on the official calendar (the National Day week does not count)", () => {
    const [, , ack] = trackStages(base, "2025-09-30");
    // 2025-10-01…08 are holidays: from 30 September only 9 and 10 October remain.
    expect(ack!.due[0]).toMatchObject({ day: "2025-10-10", overdue: false, workingDaysLeft: 2 });
  });

  it("marks delivery pending until the report reaches a body", () => {
    expect(trackStages({ ...base, firstDeliveredOn: null, assignments: [] }, "2025-09-27")[1]!.state).toBe("pending");
  });

  it("dates each stage by the first event that reached it", () => {
    expect(reachedOn([{ onDay: "2025-10-09", toStatus: "accepted" }, { onDay: "2025-11-01", toStatus: "unsubstantiated" }, { onDay: "2025-11-05", toStatus: "closed" }])).toEqual({
      acknowledged: "2025-10-09",
      concluded: "2025-11-01",
    });
  });
});
