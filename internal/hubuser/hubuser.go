// Package hubuser is one user of a JupyterHub, driven from Go: it logs in
// through the hub's login form, starts the user's server, reads files
// through the Jupyter server's contents API and executes code in a kernel
// through the Jupyter messaging protocol over the server's websocket, as a
// browser does. The course's workshop check uses it to play a class of
// students at once.
//
// It speaks to JupyterHub 3 with the classic Notebook 6 as single-user
// server (what Debian ships), and is written for that pair: the hub's
// login cookie, its OAuth hand-off to the user's server (followed with a
// cookie jar), the server's _xsrf cookie echoed in X-XSRFToken on writes,
// and the websocket's JSON messages with their "channel" field.
//
// No library does this from Go: the Jupyter clients are Python
// (jupyter_client, nbclient) or JavaScript; GoNB itself is a kernel, not a
// client. The websocket is github.com/gobwas/ws, already in the course's
// module graph through chromedp.
package hubuser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// ErrLogin is what Login returns when the hub refuses the name and password.
var ErrLogin = errors.New("the hub refused the login")

// Session is one user logged in to a hub.
type Session struct {
	// Base is the hub's public URL, such as http://127.0.0.1:8000.
	Base string
	// User is the login name.
	User string

	client *http.Client
}

// Login logs user in through the hub's login form at base. A wrong
// password gives an error that wraps ErrLogin.
func Login(ctx context.Context, base, user, password string) (*Session, error) {
	jar, _ := cookiejar.New(nil)
	s := &Session{Base: strings.TrimRight(base, "/"), User: user, client: &http.Client{Jar: jar}}
	// The login page sets the hub's _xsrf cookie, which the form must echo.
	if _, _, err := s.get(ctx, "/hub/login"); err != nil {
		return nil, err
	}
	form := url.Values{"username": {user}, "password": {password}, "_xsrf": {s.cookie("/hub/", "_xsrf")}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Base+"/hub/login?next=", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	noFollow := *s.client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Do(req)
	if err != nil {
		return nil, fmt.Errorf("logging in as %s: %v", user, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusOK {
		return nil, fmt.Errorf("%s: %w (HTTP %d)", user, ErrLogin, resp.StatusCode)
	}
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("logging in as %s: HTTP %d: %s", user, resp.StatusCode, clip(body))
	}
	if s.cookie("/hub/", "jupyterhub-hub-login") == "" {
		return nil, fmt.Errorf("%s: %w: no login cookie came back", user, ErrLogin)
	}
	return s, nil
}

// cookie returns the value of a cookie the jar holds for a path of the hub.
func (s *Session) cookie(path, name string) string {
	u, err := url.Parse(s.Base + path)
	if err != nil {
		return ""
	}
	for _, c := range s.client.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// get fetches a path of the hub, following redirects.
func (s *Session) get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// userPath is a path of the user's server.
func (s *Session) userPath(user, rest string) string {
	return "/user/" + user + "/" + strings.TrimLeft(rest, "/")
}

// StartServer starts the user's server, if it is not running, and waits
// until it answers through the hub; the OAuth hand-off that lets this
// session into its own server happens on the way.
func (s *Session) StartServer(ctx context.Context) error {
	if code, body, err := s.get(ctx, "/hub/spawn"); err != nil {
		return err
	} else if code >= 400 {
		return fmt.Errorf("starting %s's server: HTTP %d: %s", s.User, code, clip(body))
	}
	for {
		// The tree page goes through the OAuth redirects, which set the
		// server's cookies; then the API answers.
		if code, _, err := s.get(ctx, s.userPath(s.User, "tree")); err == nil && code == http.StatusOK {
			if code, _, err := s.get(ctx, s.userPath(s.User, "api/status")); err == nil && code == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s's server did not come up: %v", s.User, ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// StopServer stops the user's server (best effort).
func (s *Session) StopServer(ctx context.Context) error {
	_, err := s.hubAPI(ctx, http.MethodDelete, "/hub/api/users/"+s.User+"/server")
	return err
}

// hubAPI calls the hub's REST API with the login cookie. JupyterHub 3
// accepts a cookie there when the Referer is the hub itself.
func (s *Session) hubAPI(ctx context.Context, method, path string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.Base+path, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Referer", s.Base+"/hub/home")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return resp.StatusCode, fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// Contents reads a file or folder of the user's server (its contents API)
// and returns its "content": a notebook's JSON, a text file's text as a JSON
// string, a folder's listing.
func (s *Session) Contents(ctx context.Context, path string) ([]byte, error) {
	return s.ContentsOf(ctx, s.User, path)
}

// ContentsOf is Contents on another user's server: the hub must refuse it.
func (s *Session) ContentsOf(ctx context.Context, user, path string) ([]byte, error) {
	noFollow := *s.client
	noFollow.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.Contains(req.URL.Path, "/hub/login") {
			return http.ErrUseLastResponse
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Base+s.userPath(user, "api/contents/"+path+"?content=1"), nil)
	if err != nil {
		return nil, err
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading %s of %s: %v", path, user, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading %s of %s: HTTP %d: %s", path, user, resp.StatusCode, clip(body))
	}
	var model struct {
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(body, &model); err != nil {
		return nil, fmt.Errorf("reading %s of %s: %v", path, user, err)
	}
	return model.Content, nil
}

// SaveNotebook saves a notebook (its nbformat JSON) at path on the user's
// server, as the Notebook's Save button does.
func (s *Session) SaveNotebook(ctx context.Context, path string, nb json.RawMessage) error {
	in := map[string]any{"type": "notebook", "format": "json", "content": nb}
	if err := s.post(ctx, http.MethodPut, "api/contents/"+path, in, nil); err != nil {
		return fmt.Errorf("saving %s for %s: %v", path, s.User, err)
	}
	return nil
}

// post sends JSON to the user's server, with the _xsrf cookie echoed as
// the Notebook server requires of cookie-authenticated writes.
func (s *Session) post(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = strings.NewReader(string(b))
	}
	req, err := http.NewRequestWithContext(ctx, method, s.Base+s.userPath(s.User, path), body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-XSRFToken", s.cookie(s.userPath(s.User, ""), "_xsrf"))
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, clip(data))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// Kernel is a kernel of the user's server, attached to a notebook (its
// working folder is the notebook's).
type Kernel struct {
	s         *Session
	id        string
	sessionID string
	conn      net.Conn
	client    string // The messages' session field.

	mu       sync.Mutex
	restarts int
	waiters  map[string]*waiter // By parent msg_id.
	readErr  error
	closed   chan struct{}
}

// StartKernel starts a kernel of the named kind (such as "gonb") on the
// notebook at path and connects to it.
func (s *Session) StartKernel(ctx context.Context, path, kernelName string) (*Kernel, error) {
	var sess struct {
		ID     string `json:"id"`
		Kernel struct {
			ID string `json:"id"`
		} `json:"kernel"`
	}
	in := map[string]any{"path": path, "type": "notebook", "name": path[strings.LastIndex(path, "/")+1:], "kernel": map[string]string{"name": kernelName}}
	if err := s.post(ctx, http.MethodPost, "api/sessions", in, &sess); err != nil {
		return nil, fmt.Errorf("starting a %s kernel for %s: %v", kernelName, s.User, err)
	}
	k := &Kernel{s: s, id: sess.Kernel.ID, sessionID: sess.ID, client: newID(), waiters: map[string]*waiter{}, closed: make(chan struct{})}
	if err := k.connect(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// connect opens the kernel's websocket with the session's cookies.
func (k *Kernel) connect(ctx context.Context) error {
	u, err := url.Parse(k.s.Base + k.s.userPath(k.s.User, "api/kernels/"+k.id+"/channels") + "?session_id=" + k.client)
	if err != nil {
		return err
	}
	var cookies []string
	for _, c := range k.s.client.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	wsURL := *u
	wsURL.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	dialer := ws.Dialer{Header: ws.HandshakeHeaderHTTP(http.Header{
		"Cookie": {strings.Join(cookies, "; ")},
		"Origin": {k.s.Base},
	})}
	conn, _, _, err := dialer.Dial(ctx, wsURL.String())
	if err != nil {
		return fmt.Errorf("connecting to %s's kernel: %v", k.s.User, err)
	}
	k.conn = conn
	go k.read()
	return nil
}

// waiter is a cell waiting for its messages; done closes when it stops.
type waiter struct {
	ch   chan map[string]any
	done chan struct{}
}

// read dispatches the kernel's messages to the requests waiting for them.
func (k *Kernel) read() {
	defer close(k.closed)
	for {
		data, err := wsutil.ReadServerText(k.conn)
		if err != nil {
			k.mu.Lock()
			k.readErr = err
			for _, w := range k.waiters {
				close(w.ch)
			}
			k.waiters = map[string]*waiter{}
			k.mu.Unlock()
			return
		}
		var msg map[string]any
		if json.Unmarshal(data, &msg) != nil {
			continue
		}
		if msgType(msg) == "status" {
			if state, _ := content(msg)["execution_state"].(string); state == "restarting" || state == "dead" {
				k.mu.Lock()
				k.restarts++
				k.mu.Unlock()
			}
		}
		parent, _ := msg["parent_header"].(map[string]any)
		id, _ := parent["msg_id"].(string)
		k.mu.Lock()
		w := k.waiters[id]
		k.mu.Unlock()
		if w != nil {
			select {
			case w.ch <- msg:
			case <-w.done:
			}
		}
	}
}

func msgType(msg map[string]any) string {
	h, _ := msg["header"].(map[string]any)
	t, _ := h["msg_type"].(string)
	return t
}

func content(msg map[string]any) map[string]any {
	c, _ := msg["content"].(map[string]any)
	return c
}

// Output is one output of an executed cell, in nbformat's terms.
type Output struct {
	// Type is "stream", "display_data", "execute_result" or "error".
	Type string
	// Name is a stream's name, "stdout" or "stderr".
	Name string
	// Text is a stream's text.
	Text string
	// Data is a display's MIME bundle ("text/plain", "image/png", …).
	Data map[string]any
	// EName, EValue and Traceback describe an error.
	EName, EValue string
	Traceback     []string
}

// ExecError is the error a cell ended with.
type ExecError struct {
	Name, Value string
	Traceback   []string
}

func (e *ExecError) Error() string { return e.Name + ": " + e.Value }

// Result is what executing a cell gave.
type Result struct {
	// Outputs are the cell's outputs, in order.
	Outputs []Output
	// Error is the error the cell ended with, nil if none.
	Error *ExecError
	// Elapsed is the time from the request to the kernel's idle status.
	Elapsed time.Duration
}

// ID is the kernel's id on its server.
func (k *Kernel) ID() string { return k.id }

// Restarts counts the times the server said the kernel was restarting or dead.
func (k *Kernel) Restarts() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.restarts
}

// Execute runs code in the kernel and collects its outputs until the
// kernel has replied and gone idle.
func (k *Kernel) Execute(ctx context.Context, code string) (*Result, error) {
	id := newID()
	msg := map[string]any{
		"header": map[string]any{"msg_id": id, "msg_type": "execute_request", "username": k.s.User, "session": k.client,
			"date": time.Now().UTC().Format(time.RFC3339Nano), "version": "5.3"},
		"parent_header": map[string]any{}, "metadata": map[string]any{}, "channel": "shell", "buffers": []any{},
		"content": map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true},
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	w := &waiter{ch: make(chan map[string]any, 64), done: make(chan struct{})}
	defer close(w.done)
	k.mu.Lock()
	if k.readErr != nil {
		k.mu.Unlock()
		return nil, fmt.Errorf("%s's kernel connection is closed: %v", k.s.User, k.readErr)
	}
	k.waiters[id] = w
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		delete(k.waiters, id)
		k.mu.Unlock()
	}()
	start := time.Now()
	if err := wsutil.WriteClientText(k.conn, data); err != nil {
		return nil, fmt.Errorf("sending a cell to %s's kernel: %v", k.s.User, err)
	}
	res := &Result{}
	replied, idle := false, false
	for !replied || !idle {
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("%s's cell did not finish: %v", k.s.User, ctx.Err())
		case m, ok := <-w.ch:
			if !ok {
				return res, fmt.Errorf("%s's kernel connection closed during a cell", k.s.User)
			}
			c := content(m)
			switch msgType(m) {
			case "execute_reply":
				replied = true
				if st, _ := c["status"].(string); st == "error" && res.Error == nil {
					res.Error = execError(c)
				}
			case "status":
				if st, _ := c["execution_state"].(string); st == "idle" {
					idle = true
				}
			case "stream":
				name, _ := c["name"].(string)
				text, _ := c["text"].(string)
				res.Outputs = append(res.Outputs, Output{Type: "stream", Name: name, Text: text})
			case "display_data", "execute_result":
				bundle, _ := c["data"].(map[string]any)
				res.Outputs = append(res.Outputs, Output{Type: msgType(m), Data: bundle})
			case "error":
				e := execError(c)
				res.Error = e
				res.Outputs = append(res.Outputs, Output{Type: "error", EName: e.Name, EValue: e.Value, Traceback: e.Traceback})
			}
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func execError(c map[string]any) *ExecError {
	e := &ExecError{}
	e.Name, _ = c["ename"].(string)
	e.Value, _ = c["evalue"].(string)
	if tb, ok := c["traceback"].([]any); ok {
		for _, l := range tb {
			if s, ok := l.(string); ok {
				e.Traceback = append(e.Traceback, s)
			}
		}
	}
	return e
}

// Status is the kernel's execution state as its server reports it
// ("idle", "busy", "starting", "restarting", "dead").
func (k *Kernel) Status(ctx context.Context) (string, error) {
	code, body, err := k.s.get(ctx, k.s.userPath(k.s.User, "api/kernels/"+k.id))
	if err != nil {
		return "", err
	}
	if code != http.StatusOK {
		return "", fmt.Errorf("kernel %s of %s: HTTP %d: %s", k.id, k.s.User, code, clip(body))
	}
	var model struct {
		State string `json:"execution_state"`
	}
	if err := json.Unmarshal(body, &model); err != nil {
		return "", err
	}
	return model.State, nil
}

// Close disconnects and shuts the kernel down with its session.
func (k *Kernel) Close(ctx context.Context) error {
	k.conn.Close()
	<-k.closed
	return k.s.post(ctx, http.MethodDelete, "api/sessions/"+k.sessionID, nil, nil)
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func clip(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
