// The calendar files Waypoint writes, read by a real iCalendar parser (ical.js, from npm): the
// fixtures in tests/fixtures/calendar/ are exactly what this build writes (tests/calendar_files.rs
// checks that natively), so what ical.js makes of them is what a calendar will. Checked here:
// every file parses; alarms are where the app says they are; UIDs are stable between two files
// made for the same session, with a higher SEQUENCE for the later one; every line is folded at
// 75 octets without splitting a UTF-8 character, and unfolds to the escaped text.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ICAL from "ical.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/calendar");
const read = (name) => readFileSync(path.join(FIXTURES, name));

/** The file's calendar component and its events, parsed by ical.js. */
function parse(name) {
  const calendar = new ICAL.Component(ICAL.parse(read(name).toString("utf8")));
  assert.equal(calendar.name, "vcalendar");
  return { calendar, events: calendar.getAllSubcomponents("vevent") };
}

/** When each alarm of an event goes off, as ISO instants in UTC. */
function alarmTimes(vevent) {
  const start = vevent.getFirstPropertyValue("dtstart").toJSDate().getTime();
  return vevent.getAllSubcomponents("valarm").map((alarm) => {
    assert.equal(alarm.getFirstPropertyValue("action"), "DISPLAY");
    assert.ok(alarm.getFirstPropertyValue("description"), "a display alarm has a description");
    const trigger = alarm.getFirstPropertyValue("trigger");
    assert.ok(trigger instanceof ICAL.Duration, "a trigger relative to the start");
    return new Date(start + trigger.toSeconds() * 1000).toISOString();
  });
}

const FILES = ["session-neutral.ics", "session-details.ics", "check-ins.ics"];

for (const name of FILES) {
  test(`${name}: every line ends in CRLF, is at most 75 octets, and is whole UTF-8`, () => {
    const bytes = read(name);
    const text = bytes.toString("utf8");
    assert.ok(text.endsWith("\r\n"));
    assert.ok(!/[^\r]\n/.test(text), "no bare LF");
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        const line = bytes.subarray(start, i);
        assert.ok(line.length <= 75, `${line.length} octets: ${line.toString("utf8")}`);
        // A character cut between two lines would not decode on its own.
        assert.doesNotThrow(() => decoder.decode(line), `line splits a character: ${line.toString("hex")}`);
        start = i + 2;
      }
    }
  });
}

test("the planned session is one event with three alarms: the day before, fasting, leaving", () => {
  const { calendar, events } = parse("session-neutral.ics");
  assert.equal(calendar.getFirstPropertyValue("version"), "2.0");
  assert.equal(calendar.getFirstPropertyValue("method"), "PUBLISH");
  assert.equal(events.length, 1);
  const [event] = events;
  assert.equal(event.getFirstPropertyValue("uid"), "waypoint-session-s-mi2x9k0a-4f2c");
  assert.equal(event.getFirstPropertyValue("summary"), "Waypoint: session");
  assert.equal(event.getFirstPropertyValue("dtstart").toJSDate().toISOString(), "2026-11-24T09:00:00.000Z");
  assert.equal(event.getFirstPropertyValue("dtend").toJSDate().toISOString(), "2026-11-24T12:00:00.000Z");
  assert.equal(event.getFirstPropertyValue("dtstart").zone.tzid, "UTC", "times in UTC");
  assert.deepEqual(alarmTimes(event), [
    "2026-11-23T09:00:00.000Z", // no alcohol from 24 h before
    "2026-11-23T21:00:00.000Z", // fasting from 05:00 is in the night: the evening before
    "2026-11-24T08:00:00.000Z", // leave an hour before
  ]);
  assert.equal(event.getFirstPropertyValue("location"), null, "no place unless the patient asks");
  const words = read("session-neutral.ics").toString("utf8").toLowerCase();
  for (const clinical of ["alcohol", "food", "clínica", "ketamine", "infusion"]) {
    assert.ok(!words.includes(clinical), `"${clinical}" on a lock screen`);
  }
});

test("a later file for the same session keeps its UID and raises its SEQUENCE, so importing it updates", () => {
  const [first] = parse("session-neutral.ics").events;
  const [later] = parse("session-details.ics").events;
  assert.equal(later.getFirstPropertyValue("uid"), first.getFirstPropertyValue("uid"));
  assert.ok(later.getFirstPropertyValue("sequence") > first.getFirstPropertyValue("sequence"));
  assert.ok(later.getFirstPropertyValue("dtstamp").compare(first.getFirstPropertyValue("dtstamp")) > 0);
});

test("details unfold and unescape to the patient's own text: commas, semicolons, backslashes, line breaks, three scripts", () => {
  const [event] = parse("session-details.ics").events;
  assert.equal(event.getFirstPropertyValue("summary"), "Tue: appointment, room 3; bring \\notes\\");
  assert.equal(
    event.getFirstPropertyValue("location"),
    "Clínica del Parque, planta 2; Ελληνική πτέρυγα 🌿 entrance by the garden gate",
  );
  assert.equal(
    event.getFirstPropertyValue("description"),
    "No alcohol or recreational drugs for 24 hours before.\nNo food or drink for 4 hours before.\nArrange your ride home: no driving after the session.\nHarbour, Clinic: 020 7946 0000",
  );
  const texts = event.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("description"));
  assert.match(texts[0], /no alcohol or recreational drugs from now/i);
  assert.match(texts[2], /time to leave for the clinic\.$/);
  assert.deepEqual(alarmTimes(event).at(-1), "2026-11-24T08:15:00.000Z", "45 minutes before, as chosen");
  const raw = read("session-details.ics").toString("utf8");
  assert.ok(raw.split("\r\n").some((line) => line.startsWith(" ")), "the file has folded lines");
});

test("a finished session's file holds its four check-ins, each an event with an alarm as it starts", () => {
  const { events } = parse("check-ins.ics");
  assert.deepEqual(
    events.map((e) => e.getFirstPropertyValue("uid")),
    ["debrief", "day-1", "day-2", "day-3"].map((k) => `waypoint-check-in-s-mi2x9k0a-4f2c-${k}`),
  );
  assert.deepEqual(
    events.map((e) => e.getFirstPropertyValue("dtstart").toJSDate().toISOString()),
    ["2026-11-24T17:00:00.000Z", "2026-11-25T11:00:00.000Z", "2026-11-26T11:00:00.000Z", "2026-11-27T09:00:00.000Z"],
  );
  for (const event of events) {
    assert.equal(event.getFirstPropertyValue("summary"), "Waypoint: check-in");
    const start = event.getFirstPropertyValue("dtstart").toJSDate().toISOString();
    assert.deepEqual(alarmTimes(event), [start]);
  }
});
