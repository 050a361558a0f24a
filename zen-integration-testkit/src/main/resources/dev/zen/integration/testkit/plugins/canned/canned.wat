;; canned: a well-behaved, configurable fake plugin. Every operation answers what the provider's settings say:
;; the setting named after the operation (e.g. "get_task_data") is returned as {"ok": <value>}, and a setting
;; "<operation>_error" (e.g. {"code": "RATE_LIMITED", "message": "slow down", "retryable": true}) as
;; {"error": <value>}. An operation without either answers a CONFIG_ERROR naming the settings to add, except health_check
;; ({"healthy":true}) and validate_config ({"valid":true}).
;; Zen plugin ABI v1 (docs/plugin-abi.md). Compiled to canned.wasm with wabt's wat2wasm; FakePluginsWasmTest checks
;; that the committed .wasm is exactly what this source compiles to.
(module
  (import "zen" "config_get" (func $config_get (param i32 i32) (result i64)))

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

  ;; ---- canned responses read from the configuration ----
  (data (i32.const 32) "{\22ok\22:")
  (data (i32.const 48) "{\22error\22:")
  (data (i32.const 4096) "{\22error\22:{\22code\22:\22CONFIG_ERROR\22,\22message\22:\22the canned fake plugin has no response for this operation: set the setting named after the operation (its ok value) or <operation>_error (its error object)\22}}")
  (data (i32.const 8192) "{\22ok\22:{\22healthy\22:true,\22message\22:\22canned fake plugin\22}}")
  (data (i32.const 8256) "{\22ok\22:{\22valid\22:true}}")
  (data (i32.const 1024) "get_task_data")
  (data (i32.const 1088) "get_task_data_error")
  (data (i32.const 1152) "create_task")
  (data (i32.const 1216) "create_task_error")
  (data (i32.const 1280) "update_task")
  (data (i32.const 1344) "update_task_error")
  (data (i32.const 1408) "search_tasks")
  (data (i32.const 1472) "search_tasks_error")
  (data (i32.const 1536) "health_check")
  (data (i32.const 1600) "health_check_error")
  (data (i32.const 1664) "validate_config")
  (data (i32.const 1728) "validate_config_error")
  (data (i32.const 1792) "map_to_zen")
  (data (i32.const 1856) "map_to_zen_error")
  (data (i32.const 1920) "map_to_external")
  (data (i32.const 1984) "map_to_external_error")
  (data (i32.const 2048) "get_field_mapping")
  (data (i32.const 2112) "get_field_mapping_error")

  ;; wraps a host buffer (a JSON value) as prefix + value + "}" and frees the host buffer
  (func $wrap (param $prefix i32) (param $plen i32) (param $v i64) (result i64)
    (local $vp i32) (local $vl i32) (local $p i32) (local $n i32)
    (local.set $vp (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 32))))
    (local.set $vl (i32.wrap_i64 (local.get $v)))
    (local.set $n (i32.add (i32.add (local.get $vl) (local.get $plen)) (i32.const 1)))
    (local.set $p (call $alloc (local.get $n)))
    (if (i32.eqz (local.get $p)) (then (unreachable)))
    (memory.copy (local.get $p) (local.get $prefix) (local.get $plen))
    (memory.copy (i32.add (local.get $p) (local.get $plen)) (local.get $vp) (local.get $vl))
    (i32.store8 (i32.sub (i32.add (local.get $p) (local.get $n)) (i32.const 1)) (i32.const 125))
    (call $free (local.get $vp) (local.get $vl))
    (call $pack (local.get $p) (local.get $n)))

  ;; the setting "<op>_error" wins and becomes {"error": value}; else "<op>" becomes {"ok": value}; else the fallback
  (func $respond (param $key i32) (param $klen i32) (param $ekey i32) (param $eklen i32)
                 (param $fallback i32) (param $flen i32) (result i64)
    (local $v i64)
    (local.set $v (call $config_get (local.get $ekey) (local.get $eklen)))
    (if (i64.ne (local.get $v) (i64.const 0))
      (then (return (call $wrap (i32.const 48) (i32.const 9) (local.get $v)))))
    (local.set $v (call $config_get (local.get $key) (local.get $klen)))
    (if (i64.ne (local.get $v) (i64.const 0))
      (then (return (call $wrap (i32.const 32) (i32.const 6) (local.get $v)))))
    (call $out (local.get $fallback) (local.get $flen)))

  (func (export "get_task_data") (param i32 i32) (result i64)
    (call $respond (i32.const 1024) (i32.const 13) (i32.const 1088) (i32.const 19)
                  (i32.const 4096) (i32.const 201)))
  (func (export "create_task") (param i32 i32) (result i64)
    (call $respond (i32.const 1152) (i32.const 11) (i32.const 1216) (i32.const 17)
                  (i32.const 4096) (i32.const 201)))
  (func (export "update_task") (param i32 i32) (result i64)
    (call $respond (i32.const 1280) (i32.const 11) (i32.const 1344) (i32.const 17)
                  (i32.const 4096) (i32.const 201)))
  (func (export "search_tasks") (param i32 i32) (result i64)
    (call $respond (i32.const 1408) (i32.const 12) (i32.const 1472) (i32.const 18)
                  (i32.const 4096) (i32.const 201)))
  (func (export "health_check") (param i32 i32) (result i64)
    (call $respond (i32.const 1536) (i32.const 12) (i32.const 1600) (i32.const 18)
                  (i32.const 8192) (i32.const 54)))
  (func (export "validate_config") (param i32 i32) (result i64)
    (call $respond (i32.const 1664) (i32.const 15) (i32.const 1728) (i32.const 21)
                  (i32.const 8256) (i32.const 21)))
  (func (export "map_to_zen") (param i32 i32) (result i64)
    (call $respond (i32.const 1792) (i32.const 10) (i32.const 1856) (i32.const 16)
                  (i32.const 4096) (i32.const 201)))
  (func (export "map_to_external") (param i32 i32) (result i64)
    (call $respond (i32.const 1920) (i32.const 15) (i32.const 1984) (i32.const 21)
                  (i32.const 4096) (i32.const 201)))
  (func (export "get_field_mapping") (param i32 i32) (result i64)
    (call $respond (i32.const 2048) (i32.const 17) (i32.const 2112) (i32.const 23)
                  (i32.const 4096) (i32.const 201)))
)
