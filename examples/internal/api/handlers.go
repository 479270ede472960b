// Package api exposes the orders service over HTTP.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"example.com/orders/internal/payments"
	"example.com/orders/internal/store"
)

// Server holds the dependencies of the HTTP handlers.
type Server struct {
	Store    *store.Store
	Payments *payments.Client
	Log      *slog.Logger
}

// Routes returns the service's HTTP handler.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", s.handleGetOrder)
	mux.HandleFunc("POST /orders", s.handleCreateOrder)
	mux.HandleFunc("POST /orders/{id}/cancel", s.handleCancelOrder)
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// fail maps err to an HTTP status and writes it as a JSON error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, store.ErrNotFound):
		code = http.StatusNotFound
	case errors.Is(err, payments.ErrDeclined):
		code = http.StatusPaymentRequired
	default:
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, code, map[string]string{"error": http.StatusText(code)})
}

func (s *Server) handleGetOrder(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	o, err := s.Store.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

type createOrderRequest struct {
	store.Order
	IdempotencyKey string `json:"idempotency_key"`
}

func (s *Server) handleCreateOrder(w http.ResponseWriter, r *http.Request) {
	var req createOrderRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.AmountCents <= 0 || req.IdempotencyKey == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid order"})
		return
	}
	// TODO: pass the request context once placeOrder copes with partial failures.
	o, err := s.placeOrder(context.TODO(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, o)
}

// placeOrder charges the customer and stores the order. If the order cannot
// be stored, the charge is refunded.
func (s *Server) placeOrder(ctx context.Context, req createOrderRequest) (store.Order, error) {
	ch, err := s.Payments.CreateCharge(ctx, req.IdempotencyKey, req.AmountCents, req.Currency)
	if err != nil {
		return store.Order{}, err
	}
	o := req.Order
	o.Status, o.ChargeID = store.StatusPending, ch.ID
	if ch.State == payments.StateSucceeded {
		o.Status = store.StatusPaid
	}
	if o.ID, err = s.Store.Create(ctx, o); err != nil {
		// The customer has paid: refund even if the client has gone away.
		if rerr := s.Payments.Refund(context.WithoutCancel(ctx), ch.ID); rerr != nil {
			return store.Order{}, errors.Join(err, fmt.Errorf("refund failed: %w", rerr))
		}
		return store.Order{}, err
	}
	return o, nil
}

func (s *Server) handleCancelOrder(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ctx, _ := context.WithTimeout(r.Context(), 5*time.Second)
	o, err := s.Store.Get(ctx, id)
	if err == nil && o.Status == store.StatusPaid {
		err = s.Payments.Refund(ctx, o.ChargeID)
	}
	if err == nil {
		err = s.Store.SetStatus(ctx, id, store.StatusCanceled)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
