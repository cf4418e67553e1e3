import type { Messages } from "./messages";

// Korean, in the polite formal style (합니다). Component names are people's words in any
// script, so no particle follows a name that depends on its last sound: "의" and "관련"
// read right after any name.
export const ko: Messages = {
  indicator: {
    none: "모든 시스템 정상 작동 중",
    maintenance: "서비스 점검 중",
    minor: "경미한 서비스 장애",
    major: "부분 시스템 장애",
    critical: "주요 시스템 장애",
  },
  componentStatus: {
    operational: "정상 작동",
    under_maintenance: "점검 중",
    degraded_performance: "성능 저하",
    partial_outage: "부분 장애",
    major_outage: "주요 장애",
  },
  componentStatusInSentence: {
    operational: "정상 작동",
    under_maintenance: "점검 중",
    degraded_performance: "성능 저하",
    partial_outage: "부분 장애",
    major_outage: "주요 장애",
  },
  incidentStatus: {
    investigating: "조사 중",
    identified: "원인 확인",
    monitoring: "모니터링 중",
    resolved: "해결됨",
    postmortem: "사후 분석",
  },
  maintenanceStatus: { scheduled: "예정됨", in_progress: "진행 중" },
  page: {
    skipToContent: "본문으로 건너뛰기",
    languages: "언어",
    statusTitle: "{title}: {status}",
    updated: "최종 업데이트: {time}",
    activeIncidents: "진행 중인 인시던트",
    scheduledMaintenance: "예정된 점검",
    affects: "영향 범위: {components}",
    components: "구성 요소",
    uptimeSummary: "최근 {period} 가동률: {figure}",
    uptimeFigure: "가동률 {figure}",
    dayUptime: "{date}: {figure}",
    noData: "데이터 없음",
    today: "오늘",
    incidentHistory: "인시던트 기록",
    historyTitle: "{title}: 인시던트 기록",
    noIncidents: "보고된 인시던트가 없습니다.",
    timesInUtc: "모든 시간은 UTC 기준",
    jsonApi: "JSON API",
    notFound: "페이지를 찾을 수 없습니다.",
    goToStatusPage: "상태 페이지로 이동",
  },
  feed: {
    title: "{title} 인시던트",
    description: "{title} 상태 기록",
  },
  generated: {
    alertIncidentName: "{components} 문제 발생",
    alertInvestigating: "{components} 관련 문제를 조사하고 있습니다.",
    alertReturned: "문제가 다시 발생했습니다. 조사하고 있습니다.",
    alertResolved: "이 인시던트는 해결되었습니다.",
    impactRaised: "{components}의 영향 수준이 높아졌습니다: {status}.",
    impactLowered: "{components}의 영향 수준이 낮아졌습니다: {status}.",
  },
};
