SELECT
  CASE
    WHEN __v1_e IS NULL
    THEN CAST(__v1_n AS DOUBLE PRECISION) / CAST(__v1_d AS DOUBLE PRECISION)
  END AS "赔偿达标率:value",
  CASE WHEN __v1_e IS NULL THEN __v1_n END AS "赔偿达标率:n",
  CASE WHEN __v1_e IS NULL THEN __v1_d END AS "赔偿达标率:d",
  CASE
    WHEN __v1_e IS NULL
    THEN CASE
      WHEN __v1_n * 20 >= 19 * __v1_d
      THEN '优'
      WHEN __v1_n * 10 >= 7 * __v1_d
      THEN '良'
      WHEN __v1_n * 2 >= __v1_d
      THEN '中'
      ELSE '差'
    END
  END AS "赔偿达标率:grade",
  CASE WHEN __v1_e IS NULL THEN __v1_n >= __v1_d END AS "赔偿达标率:met",
  __v1_e AS "赔偿达标率:error"
FROM (
  SELECT
    *,
    CASE WHEN __in1_n < 0 THEN -__in0_n ELSE __in0_n END AS __v1_n,
    100 * (
      ABS(NULLIF(__in1_n, 0))
    ) AS __v1_d,
    COALESCE(
      COALESCE(__in0_e, __in1_e),
      CASE WHEN __in1_n = 0 THEN 'E401 赔偿资金中按标准支付的金额 / 全部赔偿资金金额' END
    ) AS __v1_e
  FROM (
    SELECT
      *,
      CAST("赔偿资金中按标准支付的金额" * 100 AS DECIMAL(38, 0)) AS __in0_n,
      CASE WHEN "赔偿资金中按标准支付的金额" IS NULL THEN 'E402 赔偿资金中按标准支付的金额' END AS __in0_e,
      CAST("全部赔偿资金金额" AS DECIMAL(38, 0)) AS __in1_n,
      CASE WHEN "全部赔偿资金金额" IS NULL THEN 'E402 全部赔偿资金金额' END AS __in1_e
    FROM "records"
  ) AS __l2
) AS __t;
