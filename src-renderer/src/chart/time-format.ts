/** The chart's time labels in the user's local time (the library's times are UTC seconds). */
import { TickMarkType, type Time } from 'lightweight-charts';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function dateOf(time: Time): Date {
  return new Date(typeof time === 'number' ? time * 1000 : typeof time === 'string' ? time : Date.UTC(time.year, time.month - 1, time.day));
}

/** Crosshair label: date and time to the second. */
export function formatChartTime(time: Time): string {
  const date = dateOf(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Axis labels: as coarse as the tick mark. */
export function formatTickMark(time: Time, type: TickMarkType): string {
  const date = dateOf(time);
  switch (type) {
    case TickMarkType.Year:
      return String(date.getFullYear());
    case TickMarkType.Month:
    case TickMarkType.DayOfMonth:
      return `${date.getDate()}/${date.getMonth() + 1}`;
    case TickMarkType.Time:
      return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
    case TickMarkType.TimeWithSeconds:
      return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }
}
