package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCancelLeavesNothing cancels a run while lesson 00's kernel works and
// requires every process it started (server, kernel, compiled cells, gopls,
// Chromium and its helpers) to be gone when Run returns.
func TestCancelLeavesNothing(t *testing.T) {
	opts := needBrowser(t)
	opts.ScreenshotDir = ""
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := opts.Log
	opts.Log = func(format string, args ...any) {
		log(format, args...)
		if strings.HasPrefix(format, "Chromium") {
			// The browser is up: the page opens and the kernel starts now.
			time.AfterFunc(6*time.Second, cancel)
		}
	}
	mine := fmt.Sprintf("%s=%d-", markerName, os.Getpid())
	ours := func() map[int]string {
		return scan(func(kv []byte) bool { return strings.HasPrefix(string(kv), mine) })
	}
	peak := 0
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // How many processes the run has at its busiest.
		defer close(done)
		for {
			peak = max(peak, len(ours()))
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	_, err := Run(ctx, opts, []Notebook{{Path: "00-getting-started.ipynb", Exercises: 1}})
	close(stop)
	<-done
	t.Logf("Run returned after %.1f s: %v", time.Since(start).Seconds(), err)
	if err == nil {
		t.Fatal("a cancelled run reports no error")
	}
	if !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("the error does not say the run was cancelled: %v", err)
	}
	if peak < 3 {
		t.Errorf("at most %d marked processes seen while running: the marker does not reach the server, kernel and browser", peak)
	}
	if left := ours(); len(left) > 0 {
		t.Errorf("processes left running: %v", left)
	}
	t.Logf("%d marked processes at the busiest, none left", peak)
}

// TestOrphansAreFound finds and stops a process left by a run whose own
// process is gone, and leaves alone one of a run still going.
func TestOrphansAreFound(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	start := func(marker string) *exec.Cmd {
		cmd := exec.Command("sleep", "60")
		cmd.Env = append(os.Environ(), marker)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	orphanMarker := fmt.Sprintf("%s=%d-test", markerName, gone.Process.Pid)
	liveMarker := fmt.Sprintf("%s=%d-test", markerName, os.Getppid())
	orphan, live := start(orphanMarker), start(liveMarker)
	// Start returns once exec has begun, a moment before the kernel has
	// set up the new program's environment: until then /proc/PID/environ
	// reads empty. Wait for both markers to be visible.
	for i := 0; len(marked(orphanMarker)) == 0 || len(marked(liveMarker)) == 0; i++ {
		if i == 100 {
			t.Fatal("the test's own sleep processes never showed their markers in /proc")
		}
		time.Sleep(20 * time.Millisecond)
	}
	found := strings.Join(orphans(), " ") + " "
	if !strings.Contains(found, orphanMarker+" ") || strings.Contains(found, liveMarker+" ") {
		t.Fatalf("orphans() = %q, want %q and not %q", found, orphanMarker, liveMarker)
	}
	if left := sweep(orphanMarker); len(left) > 0 {
		t.Fatalf("left: %v", left)
	}
	if err := orphan.Wait(); err == nil {
		t.Error("the orphan was not stopped")
	}
	if err := live.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the live run's process was stopped: %v", err)
	}
}
