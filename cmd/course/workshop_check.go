package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gomlx-course/dlcourse/internal/browser"
	"github.com/gomlx-course/dlcourse/internal/hubuser"
	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// The check's accounts: students dlc-student1…N, and three more who cause
// the faults while the students work.
const (
	checkTeacher = "dlc-teacher"
	checkFiller  = "dlc-filler" // Fills the disk.
	checkLooper  = "dlc-looper" // Runs a cell that never ends.
)

// savedMark is the notebook metadata a student's saved run carries.
const savedMark = "dlcourse_workshop_check"

// checkNotebook is what each simulated student runs, in their own copy.
const checkNotebook = "dlcourse/notebooks/" + imageLesson + ".ipynb"

// studentRun is what one simulated student met.
type studentRun struct {
	name      string
	server    time.Duration // From the login to the student's server answering.
	firstCell time.Duration // From the login to the first cell's result.
	total     time.Duration // From the login to the last cell's result.
	problems  []string      // Failures: errors, and what notebook.Problems finds.
	killed    bool          // This student's kernel was killed mid-lesson.
}

// workshopCheck is `course workshop check`: a throwaway workshop with N
// students on this machine, who log in through the hub at once and execute
// lesson 00 through the Jupyter protocol, each in their own copy, while
// three faults happen: one student's kernel is killed mid-lesson, another
// account fills its disk, a third runs a cell that never ends. Then a wrong
// password, another student's server and another student's files are
// tried, and the hub is restarted to see the work survive. It prints each
// student's times, the failures (the goal is none) and the memory of the
// hub and of the students' servers; --record writes them to BENCHMARKS.md.
func (c *course) workshopCheck(args []string) error {
	n, record, keepCache := 5, false, false
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--students":
			if i+1 >= len(args) {
				return errors.New("course workshop check: --students needs a number")
			}
			i++
			v, err := strconv.Atoi(args[i])
			if err != nil || v < 2 {
				return fmt.Errorf("course workshop check: --students %q: give 2 or more (one of them has the killed kernel)", args[i])
			}
			n = v
		case "--record":
			record = true
		case "--keep-cache":
			keepCache = true
		default:
			return fmt.Errorf("course workshop check: unknown argument %q (it takes --students N, --record, --keep-cache)", args[i])
		}
	}
	port, err := browser.FreePort()
	if err != nil {
		return err
	}
	w := &workshop{dir: "/var/tmp/dlcourse-workshop-check", port: port, teacher: checkTeacher, disk: "1G",
		cpus: defaultCPUs(), cellCPU: 30 * time.Second, nproc: workshopNProc}
	for i := 1; i <= n; i++ {
		w.students = append(w.students, account{name: fmt.Sprintf("dlc-student%d", i)})
	}
	w.students = append(w.students, account{name: checkFiller}, account{name: checkLooper})
	defer func() {
		if err := w.removeAccounts(); err != nil {
			say("cleaning up: %v", err)
		}
		for _, d := range []string{"disks", "home", "hub", "course", "bin", "jupyter"} {
			os.RemoveAll(w.path(d))
		}
		if !keepCache {
			os.RemoveAll(w.dir)
		}
	}()
	if err := c.prepareWorkshop(w); err != nil {
		return err
	}
	hubLog, err := os.Create(w.path("hub", "jupyterhub.log"))
	if err != nil {
		return err
	}
	defer hubLog.Close()
	hub, err := w.startHub(hubLog)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, tailFile(hubLog.Name(), 20))
	}
	hubRunning := true
	defer func() {
		if hubRunning {
			stopHub(hub)
		}
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", w.port)
	lesson, err := notebook.ReadLesson(filepath.Join(c.root, "lessons", imageLesson, "lesson.md"))
	if err != nil {
		return err
	}

	mem := newMemoryWatch(hub.Process.Pid, w.students[:n])
	say("%d students log in at once and run lesson %s; meanwhile %s's kernel is killed, %s fills its disk, %s runs a cell that never ends",
		n, imageLesson, w.students[0].name, checkFiller, checkLooper)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	start := time.Now()
	runs := make([]studentRun, n)
	var faults []string
	var mu sync.Mutex
	fault := func(format string, args ...any) {
		mu.Lock()
		faults = append(faults, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { runs[i] = runStudent(ctx, base, w.students[i], lesson, i == 0, i == 1) })
	}
	wg.Go(func() {
		if err := fillDisk(ctx, base, w.accountNamed(checkFiller)); err != nil {
			fault("disk full: %v", err)
		}
	})
	wg.Go(func() {
		if err := runForever(ctx, base, w.accountNamed(checkLooper), w.cellCPU); err != nil {
			fault("cell that runs forever: %v", err)
		}
	})
	wg.Wait()
	wall := time.Since(start)
	hubPeak, serversPeak := mem.stop()

	if err := checkAccess(ctx, base, w); err != nil {
		fault("access: %v", err)
	}
	say("restarting the workshop: the students' work must still be there")
	stopHub(hub)
	hubRunning = false
	if err := c.prepareWorkshop(w); err != nil {
		fault("preparing the workshop again: %v", err)
	} else if hub, err = w.startHub(hubLog); err != nil {
		fault("starting the hub again: %v", err)
	} else {
		hubRunning = true
		if err := checkWorkSurvives(ctx, base, w.students[1]); err != nil {
			fault("after a restart: %v", err)
		}
	}

	failures := 0
	fmt.Printf("\n%-14s %9s %11s %9s  %s\n", "student", "server s", "1st cell s", "lesson s", "result")
	for _, r := range runs {
		status := "ok"
		if len(r.problems) > 0 {
			failures++
			status = "FAILED: " + strings.Join(r.problems, "; ")
		}
		if r.killed && len(r.problems) == 0 {
			status = "ok (kernel killed mid-lesson, restarted, lesson run again)"
		}
		fmt.Printf("%-14s %9.1f %11.1f %9.1f  %s\n", r.name, r.server.Seconds(), r.firstCell.Seconds(), r.total.Seconds(), status)
	}
	for _, f := range faults {
		fmt.Printf("FAULT CHECK FAILED: %s\n", f)
	}
	fmt.Printf("%d students at once on %d cores: %.0f s for all; %d failed; hub and proxy peak %.0f MB; students' servers and kernels peak %.0f MB in all\n",
		n, runtime.NumCPU(), wall.Seconds(), failures, hubPeak/1e6, serversPeak/1e6)
	if record {
		if err := c.recordWorkshop(runs, wall, hubPeak, serversPeak, failures+len(faults)); err != nil {
			return err
		}
	}
	if failures > 0 || len(faults) > 0 {
		return fmt.Errorf("the workshop check failed: %d students failed, %d fault checks failed (the hub's log: %s)", failures, len(faults), hubLog.Name())
	}
	say("workshop checked: %d students ran lesson %s at once through the hub with no failures; a killed kernel restarted, a full disk and a cell that never ends harmed nobody else, a wrong password and another student's server and files were refused, work survived a restart", n, imageLesson)
	return nil
}

func (w *workshop) accountNamed(name string) account {
	for _, a := range w.everyone() {
		if a.name == name {
			if a.name == w.teacher {
				a.password = w.teacherPassword
			}
			return a
		}
	}
	return account{name: name}
}

// runStudent logs in, starts the student's server, reads the student's copy
// of the notebook and executes its code cells in order, as nbconvert would;
// the executed notebook is then checked as `course test` checks it. With
// kill, the student's kernel is killed after the third cell: the server must
// restart it, and the student runs the lesson again from the top (a new
// kernel has no declarations: GoNB's state went with it). With save, the
// executed notebook is saved over the student's copy.
func runStudent(ctx context.Context, base string, a account, lesson *notebook.Lesson, kill, save bool) studentRun {
	r := studentRun{name: a.name, killed: kill}
	fail := func(format string, args ...any) studentRun {
		r.problems = append(r.problems, fmt.Sprintf(format, args...))
		return r
	}
	start := time.Now()
	s, err := hubuser.Login(ctx, base, a.name, a.password)
	if err != nil {
		return fail("login: %v", err)
	}
	if err := s.StartServer(ctx); err != nil {
		return fail("server: %v", err)
	}
	r.server = time.Since(start)
	raw, err := s.Contents(ctx, checkNotebook)
	if err != nil {
		return fail("reading the notebook: %v", err)
	}
	var nb notebook.Notebook
	if err := json.Unmarshal(raw, &nb); err != nil {
		return fail("the notebook is not JSON: %v", err)
	}
	k, err := s.StartKernel(ctx, checkNotebook, "gonb")
	if err != nil {
		return fail("kernel: %v", err)
	}
	defer k.Close(context.Background())
	cells := 0
	for i := range nb.Cells {
		cell := &nb.Cells[i]
		if cell.CellType != "code" {
			continue
		}
		res, err := k.Execute(ctx, string(cell.Source))
		if err != nil {
			return fail("cell %d: %v", cells+1, err)
		}
		cell.Outputs = notebookOutputs(res)
		cells++
		if cells == 1 {
			r.firstCell = time.Since(start)
		}
		if kill && cells == 3 {
			if err := killKernel(ctx, a.name, k); err != nil {
				return fail("killing the kernel: %v", err)
			}
			kill = false
			// From the top again, in the restarted kernel.
			for j := range i + 1 {
				if nb.Cells[j].CellType == "code" {
					res, err := k.Execute(ctx, string(nb.Cells[j].Source))
					if err != nil {
						return fail("after the restart: %v", err)
					}
					nb.Cells[j].Outputs = notebookOutputs(res)
				}
			}
		}
	}
	r.total = time.Since(start)
	r.problems = append(r.problems, notebook.Problems(&nb, notebook.Student, lesson.Exercises)...)
	if save {
		// The student's work: the executed notebook, saved over the copy,
		// marked so that the copy the course shipped cannot pass for it.
		if nb.Metadata == nil {
			nb.Metadata = map[string]any{}
		}
		nb.Metadata[savedMark] = a.name
		data, err := json.Marshal(&nb)
		if err == nil {
			err = s.SaveNotebook(ctx, checkNotebook, data)
		}
		if err != nil {
			return fail("saving the notebook: %v", err)
		}
	}
	return r
}

// killKernel kills the student's GoNB kernel (SIGKILL, as the out-of-memory
// killer would) and waits until the server has restarted it.
func killKernel(ctx context.Context, user string, k *hubuser.Kernel) error {
	out, err := exec.Command("pgrep", "-u", user, "-x", "gonb").Output()
	pids := strings.Fields(string(out))
	if err != nil || len(pids) != 1 {
		return fmt.Errorf("looking for the one gonb process of %s: found %q (%v)", user, pids, err)
	}
	if err := exec.Command("kill", "-KILL", pids[0]).Run(); err != nil {
		return err
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		out, _ := exec.Command("pgrep", "-u", user, "-x", "gonb").Output()
		now := strings.Fields(string(out))
		if len(now) == 1 && now[0] != pids[0] {
			if st, err := k.Status(ctx); err == nil && st == "idle" {
				return nil
			}
		}
	}
	return fmt.Errorf("the kernel killed (pid %s) was not restarted within 90 s", pids[0])
}

// notebookOutputs turns what the kernel sent for one cell into nbformat
// outputs, as nbconvert would save them.
func notebookOutputs(res *hubuser.Result) []notebook.Output {
	var outs []notebook.Output
	for _, o := range res.Outputs {
		outs = append(outs, notebook.Output{OutputType: o.Type, Name: o.Name, Text: notebook.Text(o.Text), Data: o.Data,
			EName: o.EName, EValue: o.EValue, Traceback: o.Traceback})
	}
	if res.Error != nil && !slices.ContainsFunc(outs, func(o notebook.Output) bool { return o.OutputType == "error" }) {
		outs = append(outs, notebook.Output{OutputType: "error", EName: res.Error.Name, EValue: res.Error.Value, Traceback: res.Error.Traceback})
	}
	return outs
}

// fillCell writes to a file in the home folder until the disk is full, says
// what stopped it, keeps the disk full a while (the other students work
// meanwhile), then frees it.
const fillCell = `%%
path := os.Getenv("HOME") + "/fill.bin"
f, err := os.Create(path)
if err != nil {
	fmt.Println("cannot create:", err)
	return
}
buf := make([]byte, 1<<20)
n := 0
for {
	if _, err = f.Write(buf); err != nil {
		break
	}
	n++
}
fmt.Printf("wrote %d MiB, then: %v\n", n, err)
time.Sleep(30 * time.Second)
f.Close()
os.Remove(path)
`

// fillDisk logs in as the filler and fills its disk from a cell: the write
// must stop with "no space left on device" on the filler's own disk.
func fillDisk(ctx context.Context, base string, a account) error {
	k, err := kernelFor(ctx, base, a)
	if err != nil {
		return err
	}
	defer k.Close(context.Background())
	res, err := k.Execute(ctx, fillCell)
	if err != nil {
		return err
	}
	text := outputText(res)
	if !strings.Contains(text, "no space left on device") {
		return fmt.Errorf("the cell that fills the disk printed %q; want it stopped by \"no space left on device\"", oneLineClip(text))
	}
	say("%s: %s", a.name, firstLine(text))
	return nil
}

// runForever logs in as the looper and runs a cell that never ends: the
// per-process CPU limit must stop it within a few times limit.
func runForever(ctx context.Context, base string, a account, limit time.Duration) error {
	k, err := kernelFor(ctx, base, a)
	if err != nil {
		return err
	}
	defer k.Close(context.Background())
	start := time.Now()
	cellCtx, cancel := context.WithTimeout(ctx, 6*limit+2*time.Minute)
	defer cancel()
	res, err := k.Execute(cellCtx, "%%\nfor {\n}\n")
	if err != nil {
		return fmt.Errorf("the cell that never ends was not stopped: %v", err)
	}
	// A Go program ignores SIGXCPU, so the cell runs to the hard limit, where
	// the kernel kills it.
	text := strings.ToLower(outputText(res))
	if !strings.Contains(text, "killed") && !strings.Contains(text, "cpu time limit exceeded") {
		return fmt.Errorf("the cell that never ends stopped after %s with %q; want it killed at the CPU limit", time.Since(start).Round(time.Second), oneLineClip(text))
	}
	say("%s: a cell that never ends was stopped after %s (%s CPU time): %s", a.name, time.Since(start).Round(time.Second), limit, firstLine(outputText(res)))
	return nil
}

// kernelFor logs in, starts the server and a GoNB kernel on the account's
// copy of lesson 00 (the fault cells need nothing of the course).
func kernelFor(ctx context.Context, base string, a account) (*hubuser.Kernel, error) {
	s, err := hubuser.Login(ctx, base, a.name, a.password)
	if err != nil {
		return nil, err
	}
	if err := s.StartServer(ctx); err != nil {
		return nil, err
	}
	return s.StartKernel(ctx, checkNotebook, "gonb")
}

// outputText is everything a cell printed, its error included.
func outputText(res *hubuser.Result) string {
	var b strings.Builder
	for _, o := range res.Outputs {
		b.WriteString(o.Text)
		if t, ok := o.Data["text/plain"].(string); ok {
			b.WriteString(t)
		}
		b.WriteString(o.EName + " " + o.EValue + " " + strings.Join(o.Traceback, "\n"))
	}
	if res.Error != nil {
		b.WriteString(res.Error.Name + " " + res.Error.Value + " " + strings.Join(res.Error.Traceback, "\n"))
	}
	return b.String()
}

func oneLineClip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// checkAccess tries what must be refused: a wrong password, another
// student's server with one's own login, and another student's files and
// disk image from a shell of one's own.
func checkAccess(ctx context.Context, base string, w *workshop) error {
	a, b := w.students[0], w.students[1]
	var errs []error
	if _, err := hubuser.Login(ctx, base, a.name, a.password+"x"); !errors.Is(err, hubuser.ErrLogin) {
		errs = append(errs, fmt.Errorf("a wrong password for %s gave %v, want the login refused", a.name, err))
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noRedirect.Get(base + "/user/" + a.name + "/api/contents/dlcourse"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			errs = append(errs, fmt.Errorf("without a login, %s's files were listed", a.name))
		}
	}
	s, err := hubuser.Login(ctx, base, b.name, b.password)
	if err != nil {
		errs = append(errs, err)
	} else if _, err := s.ContentsOf(ctx, a.name, "dlcourse"); err == nil {
		errs = append(errs, fmt.Errorf("%s, logged in, listed %s's files through the hub", b.name, a.name))
	}
	out, err := exec.Command("runuser", "-u", b.name, "--", "ls", w.home(a.name)).CombinedOutput()
	if err == nil {
		errs = append(errs, fmt.Errorf("%s listed %s's home from a shell: %s", b.name, a.name, out))
	}
	img := w.path("disks", a.name+".img")
	if out, err := exec.Command("runuser", "-u", b.name, "--", "head", "-c", "1", img).CombinedOutput(); err == nil {
		errs = append(errs, fmt.Errorf("%s read %s's disk image %s (%d bytes came back)", b.name, a.name, img, len(out)))
	}
	return errors.Join(errs...)
}

// checkWorkSurvives checks, after the hub and the disks were restarted,
// that the notebook the student saved, with its outputs, is still there.
func checkWorkSurvives(ctx context.Context, base string, a account) error {
	s, err := hubuser.Login(ctx, base, a.name, a.password)
	if err != nil {
		return err
	}
	if err := s.StartServer(ctx); err != nil {
		return err
	}
	raw, err := s.Contents(ctx, checkNotebook)
	if err != nil {
		return err
	}
	var nb notebook.Notebook
	if err := json.Unmarshal(raw, &nb); err != nil {
		return err
	}
	if nb.Metadata[savedMark] != a.name {
		return fmt.Errorf("the notebook %s saved is not there after the restart (its metadata: %v)", a.name, nb.Metadata)
	}
	return nil
}

// memoryWatch samples, every half second, the resident memory of the hub
// with its proxy, and of all the students' processes.
type memoryWatch struct {
	stopc      chan struct{}
	done       chan struct{}
	hub, users float64
}

func newMemoryWatch(hubPID int, students []account) *memoryWatch {
	m := &memoryWatch{stopc: make(chan struct{}), done: make(chan struct{})}
	uids := map[int]bool{}
	for _, a := range students {
		if uid, _, err := userIDs(a.name); err == nil {
			uids[uid] = true
		}
	}
	go func() {
		defer close(m.done)
		for {
			hub, users := sampleMemory(hubPID, uids)
			m.hub, m.users = max(m.hub, hub), max(m.users, users)
			select {
			case <-m.stopc:
				return
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()
	return m
}

// stop ends the sampling and returns the peaks, in bytes.
func (m *memoryWatch) stop() (hub, users float64) {
	close(m.stopc)
	<-m.done
	return m.hub, m.users
}

// sampleMemory sums VmRSS over the hub's process group (the hub and the
// proxy; the students' servers run in their own sessions) and over the
// processes of the students' uids.
func sampleMemory(hubPID int, uids map[int]bool) (hub, users float64) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		var rss float64
		uid := -1
		for _, line := range strings.Split(string(status), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				rss = kb * 1024
			}
			if len(f) >= 2 && f[0] == "Uid:" {
				uid, _ = strconv.Atoi(f[1])
			}
		}
		if uids[uid] {
			users += rss
			continue
		}
		if pgid, err := pgidOf(pid); err == nil && pgid == hubPID {
			hub += rss
		}
	}
	return hub, users
}

// pgidOf reads a process's group from /proc/PID/stat.
func pgidOf(pid int) (int, error) {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("bad stat")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 3 {
		return 0, errors.New("bad stat")
	}
	return strconv.Atoi(f[2])
}

func tailFile(path string, n int) string {
	data, _ := os.ReadFile(path)
	return lastLines(data, n)
}

// workshopHeading starts the section of BENCHMARKS.md that `course workshop
// check --record` writes; `course bench` keeps it.
const workshopHeading = "## A workshop: students at once through JupyterHub\n\n"

// workshopSection returns the workshop section of a report, or "".
func workshopSection(report string) string {
	i := strings.Index(report, workshopHeading)
	if i < 0 {
		return ""
	}
	rest := report[i+len(workshopHeading):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j+1]
	}
	return workshopHeading + rest
}

// recordWorkshop writes the check's figures into BENCHMARKS.md, replacing
// the section of an earlier check.
func (c *course) recordWorkshop(runs []studentRun, wall time.Duration, hubPeak, serversPeak float64, failures int) error {
	path := filepath.Join(c.root, benchReport)
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(workshopHeading)
	fmt.Fprintf(&b, "Written by `sudo go run ./cmd/course workshop check --students %d --record` on %s, on this machine (%d cores). "+
		"The students log in through the hub (PAM), their servers start, and each executes its own copy of lesson %s through the Jupyter protocol, all at once, "+
		"while one student's kernel is killed after the third cell (that student runs the lesson again from the top), another account fills its disk and a third runs a cell that never ends.\n\n",
		len(runs), time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), imageLesson)
	b.WriteString("| Student | Login → server up | Login → first cell's result | Login → lesson done | Result |\n|---|---:|---:|---:|---|\n")
	var firsts []float64
	for _, r := range runs {
		status := "ok"
		if len(r.problems) > 0 {
			status = "failed"
		} else if r.killed {
			status = "ok (kernel killed, restarted, lesson run again)"
		}
		firsts = append(firsts, r.firstCell.Seconds())
		fmt.Fprintf(&b, "| %s | %.1f s | %.1f s | %.1f s | %s |\n", r.name, r.server.Seconds(), r.firstCell.Seconds(), r.total.Seconds(), status)
	}
	slices.Sort(firsts)
	var lessonWall time.Duration
	for _, r := range runs {
		lessonWall = max(lessonWall, r.total)
	}
	fmt.Fprintf(&b, "\nThe students were done in %.0f s, the fault accounts in %.0f s; failures: %d (goal 0). Peak resident memory: the hub with its proxy %.0f MB; the students' servers, kernels and cells %.0f MB in all (%.0f MB each). The longest wait for a first cell: %.1f s.\n\n",
		lessonWall.Seconds(), wall.Seconds(), failures, hubPeak/1e6, serversPeak/1e6, serversPeak/1e6/float64(len(runs)), firsts[len(firsts)-1])
	// The plan for a class, extrapolated from this run: the lesson is
	// CPU-bound, so its core-seconds per student scale with the class.
	perStudent := float64(runtime.NumCPU()) * lessonWall.Seconds() / float64(len(runs))
	fmt.Fprintf(&b, "Planning a class of 30 on 16 cores (an extrapolation from this run, not a measurement): the lesson took %.0f core-seconds per student here, faults included, so 30 students starting at the same second need about %.0f s on 16 cores, and about %.0f GB of memory (%.0f MB each); give the machine 32 GB or more.\n\n",
		perStudent, perStudent*30/16, serversPeak/1e9/float64(len(runs))*30, serversPeak/1e6/float64(len(runs)))
	section := b.String()
	report := string(old)
	if prev := workshopSection(report); prev != "" {
		report = strings.Replace(report, prev, section, 1)
	} else {
		report = strings.TrimRight(report, "\n") + "\n\n" + section
	}
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		return err
	}
	say("workshop figures written to %s", path)
	return nil
}

// firstLine is the first line of s that is not blank.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}
