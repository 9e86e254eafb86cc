package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawBirths reads the shipped CSV straight from the repository's data/births,
// without the loader: split into lines and commas, numbers read with
// fmt.Sscan. It returns the rows as [year, month, day, weekday, births].
func rawBirths(t *testing.T) [][5]int {
	t.Helper()
	dir, err := RepoDataDir()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "births", "us-births-2000-2014.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if lines[0] != "year,month,date_of_month,day_of_week,births" {
		t.Fatalf("header %q", lines[0])
	}
	var rows [][5]int
	for i, line := range lines[1:] {
		var row [5]int
		fields := strings.Split(line, ",")
		if len(fields) != 5 {
			t.Fatalf("line %d: %q", i+2, line)
		}
		for j, f := range fields {
			if _, err := fmt.Sscan(f, &row[j]); err != nil {
				t.Fatalf("line %d: %v", i+2, err)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func ymd(year, month, d int) time.Time {
	return time.Date(year, time.Month(month), d, 0, 0, 0, 0, time.UTC)
}

// The expected values were read from the npm package's data/data.json (not
// the CSV the loader reads) with Python's json module: 5,479 days, 62,187,024
// births, the fewest on 2011-12-25 and the most on 2009-09-09.
func TestUSBirths(t *testing.T) {
	days, err := USBirths()
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 5479 {
		t.Fatalf("%d days, want 5479", len(days))
	}
	if first := days[0].Date; !first.Equal(ymd(2000, 1, 1)) {
		t.Errorf("first day %s, want 2000-01-01", first.Format(time.DateOnly))
	}
	if last := days[len(days)-1].Date; !last.Equal(ymd(2014, 12, 31)) {
		t.Errorf("last day %s, want 2014-12-31", last.Format(time.DateOnly))
	}
	for i, d := range days {
		if want := ymd(2000, 1, 1+i); !d.Date.Equal(want) || d.Date.Location() != time.UTC {
			t.Fatalf("day %d is %v, want %s at midnight UTC", i, d.Date, want.Format(time.DateOnly))
		}
	}
	byDate := map[string]int{}
	total, fewest, most := 0, days[0], days[0]
	for _, d := range days {
		byDate[d.Date.Format(time.DateOnly)] = d.Count
		total += d.Count
		if d.Count < fewest.Count {
			fewest = d
		}
		if d.Count > most.Count {
			most = d
		}
	}
	for date, want := range map[string]int{
		"2000-01-01": 9083, "2000-01-02": 8006, "2000-01-03": 11363,
		"2004-02-29": 7301, "2011-12-25": 5728, "2009-09-09": 16081,
		"2014-12-31": 11990,
	} {
		if got := byDate[date]; got != want {
			t.Errorf("%s: %d births, want %d", date, got, want)
		}
	}
	if total != 62187024 {
		t.Errorf("%d births in all, want 62187024", total)
	}
	if !fewest.Date.Equal(ymd(2011, 12, 25)) || !most.Date.Equal(ymd(2009, 9, 9)) {
		t.Errorf("fewest births on %s, most on %s; want 2011-12-25 and 2009-09-09", fewest.Date.Format(time.DateOnly), most.Date.Format(time.DateOnly))
	}
}

// Every day agrees with the file read another way, and so does the total.
func TestUSBirthsMatchesTheRawFile(t *testing.T) {
	days, err := USBirths()
	if err != nil {
		t.Fatal(err)
	}
	rows := rawBirths(t)
	if len(rows) != len(days) {
		t.Fatalf("the file has %d rows, the loader %d days", len(rows), len(days))
	}
	rawTotal, total := 0, 0
	for i, r := range rows {
		d := days[i]
		if d.Date.Year() != r[0] || int(d.Date.Month()) != r[1] || d.Date.Day() != r[2] || d.Count != r[4] {
			t.Fatalf("row %d is %v, the loader gives %s %d", i, r, d.Date.Format(time.DateOnly), d.Count)
		}
		rawTotal += r[4]
		total += d.Count
	}
	if total != rawTotal {
		t.Errorf("the loader's total %d, the file's %d", total, rawTotal)
	}
}

// The weekly cycle a forecaster must learn: weekends have far fewer births.
func TestUSBirthsWeeklyStructure(t *testing.T) {
	days, err := USBirths()
	if err != nil {
		t.Fatal(err)
	}
	var sum [7]float64
	var n [7]int
	for _, d := range days {
		sum[d.Date.Weekday()] += float64(d.Count)
		n[d.Date.Weekday()]++
	}
	for w, k := range n {
		if k < 782 || k > 783 { // 5,479 days = 782 weeks and 5 days.
			t.Errorf("%d %ss, want 782 or 783", k, time.Weekday(w))
		}
	}
	mean := func(ws ...time.Weekday) float64 {
		s, k := 0.0, 0
		for _, w := range ws {
			s, k = s+sum[w], k+n[w]
		}
		return s / float64(k)
	}
	weekend := mean(time.Saturday, time.Sunday)
	weekday := mean(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday)
	if weekend > 0.7*weekday {
		t.Errorf("weekend mean %.0f is not clearly below the weekday mean %.0f", weekend, weekday)
	}
	if r := weekend / weekday; r < 0.6 || r > 0.67 {
		t.Errorf("weekend/weekday = %.3f, want about 0.634", r)
	}
	if mean(time.Sunday) >= mean(time.Saturday) || mean(time.Saturday) >= mean(time.Monday) {
		t.Errorf("Sunday %.0f, Saturday %.0f, Monday %.0f: want them increasing", mean(time.Sunday), mean(time.Saturday), mean(time.Monday))
	}
}

func TestUSBirthsCorruptFile(t *testing.T) {
	dir := isolate(t)
	rows := rawBirths(t)
	content := fmt.Sprintf("year,month,date_of_month,day_of_week,births\n%d,%d,%d,%d,%d\n", rows[0][0], rows[0][1], rows[0][2], rows[0][3], rows[0][4])
	write(t, filepath.Join(dir, filepath.FromSlash(birthsFile)), []byte(content))
	if _, err := USBirths(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("USBirths of a truncated file = %v, want ErrCorrupt", err)
	}
}

func TestUSBirthsMissingSaysSetup(t *testing.T) {
	isolate(t)
	s, err := LookupSource("us-births")
	if err != nil {
		t.Fatal(err)
	}
	// The shipped file cannot be hidden from the search, so ask for another
	// (in a copy of Files: LookupSource's shares the registry's).
	s.Files = []File{s.Files[0]}
	s.Files[0].Name = "births/absent.csv"
	err = s.Check()
	if !IsMissing(err) {
		t.Fatalf("Check = %v, want ErrMissing", err)
	}
	msg := err.Error()
	for _, want := range []string{`"go run ./cmd/course setup"`, `"git checkout -- data/births"`} {
		if !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("message %q should be one line naming %s", msg, want)
		}
	}
}

func TestParseUSBirthsRejectsBadLines(t *testing.T) {
	const header = "year,month,date_of_month,day_of_week,births\n"
	good := header + "2000,1,1,6,9083\n2000,1,2,7,8006\n"
	if days, err := parseUSBirths("births.csv", []byte(good)); err != nil || len(days) != 2 {
		t.Fatalf("parseUSBirths of two good lines = %v, %v", days, err)
	}
	for name, c := range map[string]struct{ input, want string }{
		"empty":         {"", "no header"},
		"other header":  {"date,births\n2000-01-01,9083\n", "not the births file"},
		"no days":       {header, "no days"},
		"a gap":         {header + "2000,1,1,6,9083\n2000,1,3,1,11363\n", "line 3: 2000-01-03 follows 2000-01-01"},
		"twice a day":   {header + "2000,1,1,6,9083\n2000,1,1,6,9083\n", "line 3: 2000-01-01 follows 2000-01-01"},
		"backwards":     {header + "2000,1,2,7,8006\n2000,1,1,6,9083\n", "follows"},
		"no such date":  {header + "2001,2,29,4,100\n", "line 2: 2001-02-29 is not a date"},
		"wrong weekday": {header + "2000,1,1,5,9083\n", "line 2: 2000-01-01 was a Saturday (day 6 of the week), not day 5"},
		"zero births":   {header + "2000,1,1,6,0\n", "line 2: 0 births on 2000-01-01"},
		"negative":      {header + "2000,1,1,6,-4\n", "must be positive"},
		"not a number":  {header + "2000,1,1,6,many\n", `line 2: the births "many" is not a whole number`},
		"short line":    {header + "2000,1,1,6\n", "line 2: 4 columns, expected 5"},
	} {
		_, err := parseUSBirths("births.csv", []byte(c.input))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
}

// The rebuild from the npm package copies its data/data.csv, which is the
// shipped file: here from a package folder made of the shipped file, and
// from the real package when the set-up command has installed it.
func TestUSBirthsRebuildFromNpm(t *testing.T) {
	s, err := LookupSource("us-births")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := s.file(birthsFile)
	if err != nil {
		t.Fatal(err)
	}
	fake := t.TempDir()
	write(t, filepath.Join(fake, "data", "data.csv"), shipped)
	out := t.TempDir()
	if err := rebuildUSBirths(fake, out); err != nil {
		t.Fatal(err)
	}
	if _, err := readVerified(filepath.Join(out, filepath.FromSlash(birthsFile)), s.Files[0]); err != nil {
		t.Error(err)
	}
	if err := rebuildUSBirths(t.TempDir(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "reinstall") {
		t.Errorf("an empty package folder gave %v", err)
	}
	write(t, filepath.Join(fake, "data", "data.csv"), []byte("year,month,date_of_month,day_of_week,births\n2000,1,1,6,0\n"))
	if err := rebuildUSBirths(fake, t.TempDir()); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("a bad data.csv gave %v", err)
	}

	cache, err := CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(filepath.Dir(cache), "npm", "node_modules", "@stdlib", "datasets-ssa-us-births-2000-2014")
	if _, err := os.Stat(filepath.Join(pkg, "data", "data.csv")); err != nil {
		t.Skipf("skipped the real package: it is not in %s (%q installs it there)", pkg, SetupCommand)
	}
	if err := rebuildUSBirths(pkg, out); err != nil {
		t.Fatal(err)
	}
	if _, err := readVerified(filepath.Join(out, filepath.FromSlash(birthsFile)), s.Files[0]); err != nil {
		t.Error(err)
	}
	// The package's JSON copy, a second file, agrees with the loader.
	raw, err := os.ReadFile(filepath.Join(pkg, "data", "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Year, Month, Day, Births int
		Weekday                  int `json:"day_of_week"`
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(raw), `"date_of_month"`, `"day"`)), &rows); err != nil {
		t.Fatal(err)
	}
	days, err := USBirths()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(days) {
		t.Fatalf("data.json has %d days, the loader %d", len(rows), len(days))
	}
	for i, r := range rows {
		if !days[i].Date.Equal(ymd(r.Year, r.Month, r.Day)) || days[i].Count != r.Births {
			t.Fatalf("data.json day %d is %+v, the loader's %v", i, r, days[i])
		}
	}
}
