// Command ordersd serves the orders API and runs the payment reconciler.
//
// The SQL driver is linked in by the deployment build; ORDERS_DB_DRIVER names it.
package main

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/orders/internal/api"
	"example.com/orders/internal/payments"
	"example.com/orders/internal/store"
	"example.com/orders/internal/worker"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := sql.Open(os.Getenv("ORDERS_DB_DRIVER"), os.Getenv("ORDERS_DB_DSN"))
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		log.Error("database unavailable", "err", err)
		os.Exit(1)
	}
	defer db.Close()

	st := store.New(db)
	pay := payments.NewClient(os.Getenv("PAYMENTS_URL"), os.Getenv("PAYMENTS_API_KEY"))
	rec := &worker.Reconciler{Store: st, Payments: pay, Log: log, Interval: 30 * time.Second}
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           (&api.Server{Store: st, Payments: pay, Log: log}).Routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	go func() {
		if err := rec.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("reconciler stopped", "err", err)
		}
	}()
	go func() {
		log.Info("listening", "addr", srv.Addr)
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve", "err", err)
			stop()
		}
	}()

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Error("shutdown", "err", err)
	}
}
