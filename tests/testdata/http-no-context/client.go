package httpnocontext

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// User is a resource of the remote API.
type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// APIClient talks to the users API.
type APIClient struct {
	base  string
	token string
	hc    *http.Client
}

// NewAPIClient returns a client with a sane timeout.
func NewAPIClient(base, token string) *APIClient {
	return &APIClient{base: base, token: token, hc: &http.Client{Timeout: 10 * time.Second}}
}

func (c *APIClient) userURL(id int) string {
	return fmt.Sprintf("%s/users/%d", c.base, id)
}

func decodeUser(resp *http.Response) (*User, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("users api: %s", resp.Status)
	}
	var u User
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
		return nil, err
	}
	return &u, nil
}

// GetUser builds its request without the caller's ctx.
func (c *APIClient) GetUser(ctx context.Context, id int) (*User, error) {
	req, err := http.NewRequest(http.MethodGet, c.userURL(id), nil) // want "http-no-context"
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	return decodeUser(resp)
}

// GetUserCtx is the correct form.
func (c *APIClient) GetUserCtx(ctx context.Context, id int) (*User, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.userURL(id), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	return decodeUser(resp)
}

// Status calls Get on a *http.Client field.
func (c *APIClient) Status(ctx context.Context) (int, error) {
	resp, err := c.hc.Get(c.base + "/status") // want "http-no-context"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Rename uses a derived ctx of the same name.
func (c *APIClient) Rename(ctx context.Context, id int, name string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	body := strings.NewReader(url.Values{"name": {name}}.Encode())
	req, err := http.NewRequest(http.MethodPut, c.base+"/users/"+strconv.Itoa(id), body) // want "http-no-context"
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

// Login has no ctx at all; PostForm on the client field is still flagged.
func (c *APIClient) Login(user, pass string) error {
	resp, err := c.hc.PostForm(c.base+"/login", url.Values{"user": {user}, "pass": {pass}}) // want "http-no-context"
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	c.token = resp.Header.Get("X-Token")
	return nil
}

// FetchAll builds requests inside a func literal.
func (c *APIClient) FetchAll(ctx context.Context, ids []int) ([]*User, error) {
	fetch := func(id int) (*http.Response, error) {
		req, err := http.NewRequest(http.MethodGet, c.userURL(id), nil) // want "http-no-context"
		if err != nil {
			return nil, err
		}
		return c.hc.Do(req)
	}
	var users []*User
	for _, id := range ids {
		resp, err := fetch(id)
		if err != nil {
			return nil, err
		}
		u, err := decodeUser(resp)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// Clone re-attaches a ctx correctly.
func (c *APIClient) Clone(ctx context.Context, req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.Clone(ctx))
}
