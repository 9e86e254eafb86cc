package hubuser

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// fakeHub plays, in a few lines each, the parts of JupyterHub 3 and
// Notebook 6 this package speaks to: the login form with its _xsrf cookie,
// the user's server behind the login cookie, the sessions API that wants
// X-XSRFToken, and a kernel on a websocket that answers execute requests
// as a kernel does (outputs on iopub, the reply on shell, then idle; an
// error for code "boom"; a restart notice before anything for "restart").
func fakeHub(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/hub/login", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			http.SetCookie(w, &http.Cookie{Name: "_xsrf", Value: "hubx", Path: "/hub/"})
			return
		}
		r.ParseForm()
		if r.Form.Get("_xsrf") != "hubx" || r.Form.Get("password") != "right" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "jupyterhub-hub-login", Value: "ok", Path: "/hub/"})
		http.SetCookie(w, &http.Cookie{Name: "jupyterhub-user-amy", Value: "ok", Path: "/user/amy/"})
		http.Redirect(w, r, "/hub/spawn", http.StatusFound)
	})
	loggedIn := func(r *http.Request) bool {
		c, err := r.Cookie("jupyterhub-user-amy")
		return err == nil && c.Value == "ok"
	}
	mux.HandleFunc("/hub/spawn", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/user/amy/", func(w http.ResponseWriter, r *http.Request) {
		if !loggedIn(r) {
			http.Redirect(w, r, "/hub/login", http.StatusFound)
			return
		}
		switch {
		case r.URL.Path == "/user/amy/tree":
			http.SetCookie(w, &http.Cookie{Name: "_xsrf", Value: "userx", Path: "/user/amy/"})
		case r.URL.Path == "/user/amy/api/status":
		case strings.HasPrefix(r.URL.Path, "/user/amy/api/contents/"):
			if r.Method == http.MethodPut && r.Header.Get("X-XSRFToken") != "userx" {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			w.Write([]byte(`{"content": {"cells": [], "metadata": {"x": 1}}}`))
		case strings.HasPrefix(r.URL.Path, "/user/amy/api/sessions"):
			if r.Header.Get("X-XSRFToken") != "userx" {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			w.Write([]byte(`{"id": "s1", "kernel": {"id": "k1"}}`))
		case r.URL.Path == "/user/amy/api/kernels/k1":
			w.Write([]byte(`{"execution_state": "idle"}`))
		case r.URL.Path == "/user/amy/api/kernels/k1/channels":
			conn, _, _, err := ws.UpgradeHTTP(r, w)
			if err != nil {
				t.Error(err)
				return
			}
			go serveKernel(conn)
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func serveKernel(conn interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
	Close() error
}) {
	defer conn.Close()
	for {
		data, err := wsutil.ReadClientText(conn)
		if err != nil {
			return
		}
		var req map[string]any
		json.Unmarshal(data, &req)
		header := req["header"].(map[string]any)
		code := req["content"].(map[string]any)["code"].(string)
		send := func(channel, msgType string, content map[string]any, parent map[string]any) {
			b, _ := json.Marshal(map[string]any{"channel": channel, "header": map[string]any{"msg_type": msgType},
				"parent_header": parent, "content": content})
			wsutil.WriteServerText(conn, b)
		}
		if code == "restart" {
			send("iopub", "status", map[string]any{"execution_state": "restarting"}, map[string]any{})
		}
		// Someone else's message first: it must not be taken for ours.
		send("iopub", "stream", map[string]any{"name": "stdout", "text": "not yours"}, map[string]any{"msg_id": "other"})
		send("iopub", "status", map[string]any{"execution_state": "busy"}, header)
		if code == "boom" {
			send("iopub", "error", map[string]any{"ename": "Panic", "evalue": "boom", "traceback": []any{"line 1"}}, header)
			send("iopub", "status", map[string]any{"execution_state": "idle"}, header)
			send("shell", "execute_reply", map[string]any{"status": "error", "ename": "Panic", "evalue": "boom"}, header)
			continue
		}
		send("iopub", "stream", map[string]any{"name": "stdout", "text": "ran " + code + "\n"}, header)
		send("iopub", "display_data", map[string]any{"data": map[string]any{"image/png": "AAAA", "text/plain": "<figure>"}}, header)
		// The reply comes before idle here; a client that stopped at the
		// reply would miss what comes between.
		send("shell", "execute_reply", map[string]any{"status": "ok"}, header)
		send("iopub", "stream", map[string]any{"name": "stderr", "text": "late\n"}, header)
		send("iopub", "status", map[string]any{"execution_state": "idle"}, header)
	}
}

func TestSession(t *testing.T) {
	srv := fakeHub(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := Login(ctx, srv.URL, "amy", "wrong"); !errors.Is(err, ErrLogin) {
		t.Fatalf("a wrong password: got %v, want ErrLogin", err)
	}
	s, err := Login(ctx, srv.URL, "amy", "right")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StartServer(ctx); err != nil {
		t.Fatal(err)
	}
	nb, err := s.Contents(ctx, "dlcourse/notebooks/00.ipynb")
	if err != nil || !strings.Contains(string(nb), `"x": 1`) {
		t.Fatalf("Contents: %s, %v", nb, err)
	}
	if err := s.SaveNotebook(ctx, "dlcourse/notebooks/00.ipynb", nb); err != nil {
		t.Fatalf("SaveNotebook (must echo the server's _xsrf): %v", err)
	}
	if _, err := s.ContentsOf(ctx, "bob", "x"); err == nil {
		t.Error("another user's files: want an error")
	}
	k, err := s.StartKernel(ctx, "dlcourse/notebooks/00.ipynb", "gonb")
	if err != nil {
		t.Fatal(err)
	}
	res, err := k.Execute(ctx, "cell1")
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != nil || len(res.Outputs) != 3 {
		t.Fatalf("got %+v, want stdout, a figure and the late stderr, no error", res)
	}
	if o := res.Outputs[0]; o.Type != "stream" || o.Name != "stdout" || o.Text != "ran cell1\n" {
		t.Errorf("first output %+v", o)
	}
	if o := res.Outputs[1]; o.Type != "display_data" || o.Data["image/png"] != "AAAA" {
		t.Errorf("second output %+v", o)
	}
	if o := res.Outputs[2]; o.Name != "stderr" || o.Text != "late\n" {
		t.Errorf("third output %+v: what comes after the reply and before idle is the cell's too", o)
	}
	res, err = k.Execute(ctx, "boom")
	if err != nil {
		t.Fatal(err)
	}
	if res.Error == nil || res.Error.Name != "Panic" || res.Error.Value != "boom" || len(res.Outputs) != 1 || res.Outputs[0].Type != "error" {
		t.Errorf("an error cell: got %+v", res)
	}
	if k.Restarts() != 0 {
		t.Errorf("restarts before any: %d", k.Restarts())
	}
	if _, err := k.Execute(ctx, "restart"); err != nil {
		t.Fatal(err)
	}
	if k.Restarts() != 1 {
		t.Errorf("restarts after a restart notice: %d, want 1", k.Restarts())
	}
	if st, err := k.Status(ctx); err != nil || st != "idle" {
		t.Errorf("Status: %q, %v", st, err)
	}
	if err := k.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := k.Execute(ctx, "after"); err == nil {
		t.Error("Execute after Close: want an error")
	}
}
