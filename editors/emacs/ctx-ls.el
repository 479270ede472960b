;;; ctx-ls.el --- Go context hygiene (ctx-ls) beside gopls in lsp-mode  -*- lexical-binding: t; -*-

;; Author: ctx-ls maintainers
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools

;; This file is not part of GNU Emacs.

;;; Commentary:

;; Registers the ctx-ls language server (`ctx-ls serve') with lsp-mode as
;; an add-on client for Go buffers: it runs next to gopls, not instead of
;; it, and serves diagnostics, code actions, hover and inlay hints.
;;
;;   (require 'ctx-ls)          ; after adding this directory to `load-path'
;;   (add-hook 'go-mode-hook #'lsp-deferred)     ; or go-ts-mode-hook
;;
;; Settings are the `ctx-ls-*' options (M-x customize-group RET ctx-ls).
;; They are sent as initializationOptions and answer the server's
;; workspace/configuration request for the section "ctxLs".  After
;; changing them run M-x lsp-workspace-restart.
;;
;; The file loads and byte-compiles without lsp-mode; the client is
;; registered when lsp-mode is loaded.  For eglot, see README.md.

;;; Code:

(require 'lsp-mode nil t)

(declare-function lsp-register-client "lsp-mode" (client))
(declare-function make-lsp-client "lsp-mode" (&rest args))
(declare-function lsp-stdio-connection "lsp-mode" (command &optional test-command))
(declare-function lsp-activate-on "lsp-mode" (&rest languages))
(declare-function lsp-register-custom-settings "lsp-mode" (props))

(defgroup ctx-ls nil
  "Go context hygiene checks from the ctx-ls language server."
  :group 'tools
  :prefix "ctx-ls-")

(defcustom ctx-ls-command '("ctx-ls" "serve")
  "Command that starts the ctx-ls language server on stdio."
  :type '(repeat string)
  :group 'ctx-ls)

(defcustom ctx-ls-select nil
  "Rule ids, codes or code prefixes to keep, e.g. (\"lost-cancel\" \"CTX2\").
Narrows what the project's .ctx-ls.toml enables; nil narrows nothing."
  :type '(repeat string)
  :group 'ctx-ls)

(defcustom ctx-ls-ignore nil
  "Rule ids, codes or code prefixes to drop, e.g. (\"sleep-no-context\")."
  :type '(repeat string)
  :group 'ctx-ls)

(defcustom ctx-ls-severity nil
  "Alist of (RULE . LEVEL) overriding the severity of rules.
LEVEL is \"error\", \"warning\", \"info\" or \"hint\"."
  :type '(alist :key-type (string :tag "Rule")
                :value-type (choice (const "error") (const "warning")
                                    (const "info") (const "hint")))
  :group 'ctx-ls)

(defcustom ctx-ls-inlay-hints-effective-deadline t
  "Non-nil to ask for inlay hints that show a context's effective deadline."
  :type 'boolean
  :group 'ctx-ls)

(defun ctx-ls--select ()
  "Return the `select' setting as a JSON array."
  (vconcat ctx-ls-select))

(defun ctx-ls--ignore ()
  "Return the `ignore' setting as a JSON array."
  (vconcat ctx-ls-ignore))

(defun ctx-ls--severity ()
  "Return the `severity' setting as a JSON object."
  (let ((table (make-hash-table :test #'equal)))
    (dolist (pair ctx-ls-severity table)
      (puthash (car pair) (cdr pair) table))))

(defun ctx-ls--inlay-hints ()
  "Return the `inlayHints' setting as a JSON object."
  (let ((table (make-hash-table :test #'equal)))
    (puthash "effectiveDeadline"
             (if ctx-ls-inlay-hints-effective-deadline t :json-false)
             table)
    table))

(defun ctx-ls--settings ()
  "Return the settings object, read by the server as section \"ctxLs\"."
  (let ((table (make-hash-table :test #'equal)))
    (puthash "select" (ctx-ls--select) table)
    (puthash "ignore" (ctx-ls--ignore) table)
    (puthash "severity" (ctx-ls--severity) table)
    (puthash "inlayHints" (ctx-ls--inlay-hints) table)
    table))

(defun ctx-ls--initialization-options ()
  "Return the initializationOptions: {\"ctxLs\": SETTINGS}."
  (let ((table (make-hash-table :test #'equal)))
    (puthash "ctxLs" (ctx-ls--settings) table)
    table))

(defun ctx-ls--command ()
  "Return the value of `ctx-ls-command' when a server is launched."
  ctx-ls-command)

(defun ctx-ls--register ()
  "Register the ctx-ls client and its settings with lsp-mode."
  ;; Functions are called by lsp-mode each time it builds the section.
  (lsp-register-custom-settings
   '(("ctxLs.select" ctx-ls--select)
     ("ctxLs.ignore" ctx-ls--ignore)
     ("ctxLs.severity" ctx-ls--severity)
     ("ctxLs.inlayHints.effectiveDeadline"
      ctx-ls-inlay-hints-effective-deadline t)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection #'ctx-ls--command)
    :activation-fn (lsp-activate-on "go")
    :add-on? t
    :server-id 'ctx-ls
    :initialization-options #'ctx-ls--initialization-options
    :synchronize-sections '("ctxLs"))))

(with-eval-after-load 'lsp-mode
  (ctx-ls--register))

(provide 'ctx-ls)
;;; ctx-ls.el ends here
